/**
 * A private PostgreSQL cluster in the state folder, run with the Debian server binaries.
 * initdb refuses to run as root, so as root the cluster runs as an unprivileged user
 * (`PG_OS_USER`, else `postgres`, else a `heartbeat` system user created for it).
 *
 * The cluster's superuser (`postgres`) is reachable only through the Unix socket in the
 * state folder; TCP on loopback needs the password of the role in `DATABASE_URL`.
 */
import type { DatabaseConfig, InfraConfig } from "../../shared/config/mod.ts";
import type { Component, ComponentStatus } from "./component.ts";
import { InfraError } from "./errors.ts";
import { ensurePortFree, exists, isPortOpen, run, tail, waitUntil, which } from "./process.ts";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

/** Builds the PostgreSQL component for the configured `DATABASE_URL`. */
export function postgresComponent(infra: InfraConfig, db: DatabaseConfig, root: string): Component {
  const managed = LOOPBACK.has(db.host);
  const host = "127.0.0.1";
  const dir = `${root}/${infra.stateDir}/postgres`;
  const data = `${dir}/data`;
  const socketDir = `${dir}/socket`;
  const logFile = `${dir}/postgres.log`;

  async function pgCtlStatus(bin: string, user: string | undefined): Promise<number | undefined> {
    if (!(await exists(`${data}/PG_VERSION`))) return undefined;
    const result = await run(`${bin}/pg_ctl`, ["status", "-D", data], { asUser: user });
    return result.code === 0 ? Number(/PID: (\d+)/.exec(result.stdout)?.[1]) : undefined;
  }

  async function status(): Promise<ComponentStatus> {
    if (!managed) return { state: "external", detail: "DATABASE_URL is not a loopback address" };
    const bin = await findBinDir(infra);
    if (!bin) return { state: "missing", detail: "PostgreSQL server binaries not found" };
    const pid = await pgCtlStatus(bin, await osUser(infra, false));
    if (pid === undefined) return { state: "stopped" };
    const ready = await run(`${bin}/pg_isready`, [
      "-h",
      host,
      "-p",
      String(db.port),
      "-d",
      db.database,
      "-U",
      db.user,
    ]);
    return ready.code === 0
      ? { state: "healthy", pid }
      : { state: "unhealthy", pid, detail: ready.stdout.trim() };
  }

  async function start() {
    if (!managed) return "external" as const;
    const bin = await requireBinDir(infra);
    const user = await osUser(infra, true);
    if ((await pgCtlStatus(bin, user)) !== undefined) {
      await bootstrap(bin);
      return "already running" as const;
    }
    await ensurePortFree(host, db.port, "PostgreSQL", "DATABASE_URL");
    await Deno.mkdir(socketDir, { recursive: true });
    if (user) await run("chown", ["-R", user, dir]);
    if (!(await exists(`${data}/PG_VERSION`))) {
      const init = await run(`${bin}/initdb`, [
        "-D",
        data,
        "-U",
        "postgres",
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "-E",
        "UTF8",
        "--no-locale",
        "--no-instructions",
      ], { asUser: user });
      if (init.code !== 0) {
        throw new InfraError(
          "START_FAILED",
          `initdb failed in ${data}: ${init.stderr.trim().split("\n").slice(-2).join(" ")}`,
        );
      }
    }
    const options =
      `-p ${db.port} -k ${socketDir} -c listen_addresses=${host} -c max_connections=200 -c shared_buffers=256MB`;
    const started = await run(`${bin}/pg_ctl`, [
      "start",
      "-D",
      data,
      "-l",
      logFile,
      "-w",
      "-t",
      String(infra.startTimeoutMs / 1000),
      "-o",
      options,
    ], { asUser: user });
    if (started.code !== 0) {
      throw new InfraError(
        "START_FAILED",
        `PostgreSQL did not start: ${
          (await tail(logFile, 3)) || started.stderr.trim()
        } (full log: ${logFile})`,
      );
    }
    await bootstrap(bin);
    return "started" as const;
  }

  /**
   * Creates (or updates) the migrator role and the database from DATABASE_URL. The migrator
   * owns the schema and may create roles (migration 0003 creates one per service), but is
   * not a superuser.
   */
  async function bootstrap(bin: string): Promise<void> {
    const script = `
select format('create role %I login password %L', :'role', :'password')
  where not exists (select from pg_roles where rolname = :'role') \\gexec
select format('alter role %I login nosuperuser createrole password %L', :'role', :'password') \\gexec
select format('create database %I owner %I', :'database', :'role')
  where not exists (select from pg_database where datname = :'database') \\gexec
`;
    const result = await run(`${bin}/psql`, [
      "-X",
      "-q",
      "-v",
      "ON_ERROR_STOP=1",
      "-h",
      socketDir,
      "-p",
      String(db.port),
      "-U",
      "postgres",
      "-d",
      "postgres",
      "-v",
      `role=${db.user}`,
      "-v",
      `password=${db.password}`,
      "-v",
      `database=${db.database}`,
      "-f",
      "-",
    ], { stdin: script });
    if (result.code !== 0) {
      throw new InfraError(
        "START_FAILED",
        `Creating role ${db.user} and database ${db.database} failed: ${result.stderr.trim()}`,
      );
    }
  }

  async function stop() {
    if (!managed) return "external" as const;
    const bin = await findBinDir(infra);
    if (!bin) return "not running" as const;
    const user = await osUser(infra, false);
    if ((await pgCtlStatus(bin, user)) === undefined) return "not running" as const;
    const result = await run(
      `${bin}/pg_ctl`,
      ["stop", "-D", data, "-m", "fast", "-w", "-t", "60"],
      { asUser: user },
    );
    if (result.code !== 0) {
      throw new InfraError("STOP_FAILED", `pg_ctl stop failed: ${result.stderr.trim()}`);
    }
    await waitUntil(async () => !(await isPortOpen(host, db.port)), 10_000);
    return "stopped" as const;
  }

  return {
    name: "PostgreSQL",
    address: `${db.host}:${db.port}/${db.database}`,
    logFile,
    status,
    start,
    stop,
  };
}

/** The newest `/usr/lib/postgresql/<v>/bin`, `PG_BIN_DIR`, or the folder of `pg_ctl` on PATH. */
async function findBinDir(infra: InfraConfig): Promise<string | undefined> {
  if (infra.pgBinDir) {
    return (await exists(`${infra.pgBinDir}/pg_ctl`)) ? infra.pgBinDir : undefined;
  }
  const versions: number[] = [];
  try {
    for await (const entry of Deno.readDir("/usr/lib/postgresql")) {
      if (
        /^\d+$/.test(entry.name) && (await exists(`/usr/lib/postgresql/${entry.name}/bin/pg_ctl`))
      ) versions.push(Number(entry.name));
    }
  } catch {
    // no Debian layout here
  }
  if (versions.length > 0) return `/usr/lib/postgresql/${Math.max(...versions)}/bin`;
  const onPath = await which("pg_ctl");
  return onPath ? onPath.slice(0, onPath.lastIndexOf("/")) : undefined;
}

async function requireBinDir(infra: InfraConfig): Promise<string> {
  const bin = await findBinDir(infra);
  if (!bin || !(await exists(`${bin}/initdb`))) {
    throw new InfraError(
      "PG_BINARIES_MISSING",
      `PostgreSQL server binaries (initdb, pg_ctl) not found ${
        infra.pgBinDir
          ? `in PG_BIN_DIR=${infra.pgBinDir}`
          : "in /usr/lib/postgresql/*/bin or on PATH"
      }: install them with \`apt-get install -y postgresql\`, or set PG_BIN_DIR, or point DATABASE_URL at an existing server.`,
    );
  }
  return bin;
}

/** The Unix user to run the cluster as, or undefined when we are not root. */
async function osUser(infra: InfraConfig, create: boolean): Promise<string | undefined> {
  if (Deno.uid() !== 0) return undefined;
  if (infra.pgOsUser) return infra.pgOsUser;
  if ((await run("id", ["-u", "postgres"])).code === 0) return "postgres";
  if ((await run("id", ["-u", "heartbeat"])).code !== 0 && create) {
    const made = await run("useradd", [
      "--system",
      "--no-create-home",
      "--shell",
      "/usr/sbin/nologin",
      "heartbeat",
    ]);
    if (made.code !== 0) {
      throw new InfraError(
        "START_FAILED",
        `Cannot create the system user that runs PostgreSQL: ${made.stderr.trim()} (or set PG_OS_USER)`,
      );
    }
  }
  return "heartbeat";
}
