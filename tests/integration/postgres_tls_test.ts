/**
 * `DB_SSLMODE` end to end against the real PostgreSQL of the test stack: the test turns TLS
 * on (a throwaway CA and server certificate made with openssl, set with ALTER SYSTEM as the
 * cluster's superuser over its Unix socket), then a separate Deno process — DENO_CERT is read
 * at start-up — connects as the writer role with `DB_SSLMODE=verify-full`. It gets an
 * encrypted session when it trusts the CA, is refused when it does not, and TLS is turned
 * off again afterwards.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { testConfig } from "../_support/env.ts";

const config = testConfig();
const root = new URL("../..", import.meta.url).pathname;
const dataDir = `${root}${config.infra.stateDir}/postgres/data`;

async function sh(command: string, args: string[], cwd: string): Promise<void> {
  const out = await new Deno.Command(command, { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  if (!out.success) {
    throw new Error(`${command} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/** A CA and a server certificate for 127.0.0.1, in `dir`. */
async function makeCertificates(dir: string): Promise<void> {
  await sh("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "1",
    "-subj",
    "/CN=heartbeat test CA",
  ], dir);
  await sh("openssl", [
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
    "-subj",
    "/CN=127.0.0.1",
  ], dir);
  await Deno.writeTextFile(`${dir}/san.cnf`, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  await sh("openssl", [
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.pem",
    "-days",
    "1",
    "-extfile",
    "san.cnf",
  ], dir);
}

/** Connects in a fresh Deno process as the writer role; returns its output. */
async function connectAsWriter(sslMode: string, caFile?: string) {
  const script = `
    import { asServiceRole, loadConfig, sections } from "${root}shared/config/mod.ts";
    import { createSql } from "${root}shared/db/mod.ts";
    const { database } = loadConfig({ database: sections.database });
    const sql = createSql(asServiceRole(database, "writer"), { max: 1 });
    try {
      const [row] = await sql\`select ssl, current_user as who from pg_stat_ssl where pid = pg_backend_pid()\`;
      console.log(JSON.stringify(row));
    } catch (error) {
      console.log(JSON.stringify({ error: String(error?.message ?? error) }));
    } finally {
      await sql.end({ timeout: 2 });
    }`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--quiet", script],
    env: {
      DATABASE_URL: config.database.url,
      DB_SSLMODE: sslMode,
      DB_CONNECT_TIMEOUT_S: "5",
      ...(caFile ? { DENO_CERT: caFile } : {}),
    },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  assert.ok(text, `no output; stderr: ${new TextDecoder().decode(out.stderr)}`);
  return JSON.parse(text.split("\n").at(-1)!) as { ssl?: boolean; who?: string; error?: string };
}

Deno.test("postgres TLS: DB_SSLMODE=verify-full encrypts with a trusted CA and refuses without it", async () => {
  const certs = await Deno.makeTempDir({ prefix: "heartbeat-tls-" });
  // The cluster's superuser, over the Unix socket of the test stack (trust auth, local only).
  const superuser = postgres({
    host: `${root}${config.infra.stateDir}/postgres/socket`,
    port: config.database.port,
    user: "postgres",
    database: "postgres",
    max: 1,
    onnotice: () => {},
  });
  try {
    await makeCertificates(certs);
    // The server reads its key only if the cluster's OS user owns it and no one else may.
    const owner = (await Deno.stat(dataDir)).uid!;
    for (const file of ["server.pem", "server.key"]) {
      await Deno.copyFile(`${certs}/${file}`, `${dataDir}/test-${file}`);
      await Deno.chmod(`${dataDir}/test-${file}`, 0o600);
      if (Deno.uid() === 0) await Deno.chown(`${dataDir}/test-${file}`, owner, null);
    }
    await superuser`alter system set ssl_cert_file = 'test-server.pem'`;
    await superuser`alter system set ssl_key_file = 'test-server.key'`;
    await superuser`alter system set ssl = on`;
    await superuser`select pg_reload_conf()`;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [state] = await superuser<{ ssl: string }[]>`show ssl`;
    assert.equal(state?.ssl, "on", "the server did not turn TLS on (see its log)");

    assert.deepEqual(await connectAsWriter("verify-full", `${certs}/ca.pem`), {
      ssl: true,
      who: "heartbeat_writer",
    });
    const untrusted = await connectAsWriter("verify-full");
    assert.match(untrusted.error ?? "", /certificate/i, JSON.stringify(untrusted));
    assert.deepEqual(await connectAsWriter("disable"), { ssl: false, who: "heartbeat_writer" });
  } finally {
    await superuser`alter system reset ssl`.catch(() => {});
    await superuser`alter system reset ssl_cert_file`.catch(() => {});
    await superuser`alter system reset ssl_key_file`.catch(() => {});
    await superuser`select pg_reload_conf()`.catch(() => {});
    await superuser.end({ timeout: 2 });
    for (const file of ["server.pem", "server.key"]) {
      await Deno.remove(`${dataDir}/test-${file}`).catch(() => {});
    }
    await Deno.remove(certs, { recursive: true });
  }
});
