/**
 * The PostgreSQL driver when a transaction's connection dies under it (a database restart or
 * outage in the middle of a batch). Upstream postgres.js 3.4.x (porsager/postgres#1066,
 * #1154, #1208) writes the next statement of that transaction to a socket it has already
 * set to null, from a `setImmediate` callback: an uncatchable TypeError that kills the
 * process. We run the patched copy in `vendor/postgres` (docs/decisions.md, D16); these
 * tests reproduce the race against the real test database and pin the fix: the statement
 * is rejected with CONNECTION_CLOSED, and the pool goes on serving queries.
 */
import assert from "node:assert/strict";
import { createSql } from "../../shared/db/mod.ts";
import { testConfig } from "../_support/env.ts";

const config = testConfig();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Terminates the backend with process id `pid` from a separate connection. */
async function killBackend(pid: number): Promise<void> {
  const admin = createSql(config.database, { max: 1, applicationName: "driver-test-admin" });
  try {
    await admin`select pg_terminate_backend(${pid})`;
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** What a promise ended with: "ok" or the error's driver code / SQLSTATE. */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return String((error as { code?: string }).code ?? error);
  }
}

for (const statement of ["select 2", "commit"] as const) {
  Deno.test(`driver: a transaction whose connection died rejects '${statement}' instead of crashing`, async () => {
    const sql = createSql(config.database, { max: 1, applicationName: "driver-test" });
    try {
      // sql.begin settles as soon as the connection closes, while its body runs on.
      const body = Promise.withResolvers<string>();
      const transaction = outcome(sql.begin(async (tx) => {
        const [row] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
        await killBackend(row!.pid);
        // Let the socket's 'close' arrive: the driver has now set its socket to null.
        await sleep(300);
        // A small statement is buffered and flushed from setImmediate: the unpatched driver
        // dereferences the null socket there and the whole test process dies.
        body.resolve(await outcome(statement === "commit" ? tx`commit` : tx`select 2`));
      }));
      assert.equal(await transaction, "CONNECTION_CLOSED");
      assert.equal(await body.promise, "CONNECTION_CLOSED");
      // Give any stray immediate the chance to run (and crash) before the next query.
      await sleep(50);
      const [row] = await sql<{ one: number }[]>`select 1 as one`;
      assert.equal(row?.one, 1, "the pool reconnects and serves the next query");
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
}
