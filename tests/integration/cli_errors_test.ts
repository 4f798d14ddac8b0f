/**
 * Bad configuration fails fast: the real tasks, run as a user runs them, print one line
 * that names the setting (no stack trace) and exit 1.
 */
import assert from "node:assert/strict";
import { runTask, testConfig } from "../_support/env.ts";

const config = testConfig();

function assertOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split("\n");
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${stderr}`);
  assert.match(lines[0]!, /^error: /);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(stderr, /\bat .*\.ts:\d+/, "no stack trace");
}

Deno.test("cli: an unreachable broker fails `deno task topics` with one line naming KAFKA_BOOTSTRAP_SERVERS", async () => {
  const result = await runTask("topics", [], {
    KAFKA_BOOTSTRAP_SERVERS: "127.0.0.1:1",
    KAFKA_CONNECT_RETRIES: "1",
  });
  assert.equal(result.code, 1);
  assertOneLineError(
    result.stderr,
    /Cannot reach Kafka at KAFKA_BOOTSTRAP_SERVERS=127\.0\.0\.1:1 after 2 attempts .*ECONNREFUSED/,
  );
});

Deno.test("cli: a malformed broker list fails with one line naming the setting and its value", async () => {
  const result = await runTask("topics", [], { KAFKA_BOOTSTRAP_SERVERS: "localhost" });
  assert.equal(result.code, 1);
  assertOneLineError(result.stderr, /KAFKA_BOOTSTRAP_SERVERS="localhost": expected host:port/);
});

Deno.test("cli: a non-numeric port in DATABASE_URL fails `deno task migrate` with one line", async () => {
  const result = await runTask("migrate", [], {
    DATABASE_URL: "postgres://u:p@127.0.0.1:abc/heartbeat",
  });
  assert.equal(result.code, 1);
  assertOneLineError(
    result.stderr,
    /DATABASE_URL="postgres:\/\/u:p@127\.0\.0\.1:abc\/heartbeat": port "abc" is not a number/,
  );
});

Deno.test("cli: an unreachable database fails `deno task migrate` with one line naming DATABASE_URL, password hidden", async () => {
  const result = await runTask("migrate", [], {
    DATABASE_URL: "postgres://u:secret@127.0.0.1:1/heartbeat",
    DB_CONNECT_RETRIES: "1",
  });
  assert.equal(result.code, 1);
  assertOneLineError(
    result.stderr,
    /Cannot use PostgreSQL at DATABASE_URL=postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/heartbeat after 2 attempt/,
  );
  assert.doesNotMatch(result.stderr, /secret/);
});

Deno.test("cli: a non-numeric port fails `deno task infra:status` with one line naming the setting", async () => {
  const result = await runTask("infra:status", [], { PROMETHEUS_PORT: "ninety" });
  assert.equal(result.code, 1);
  assertOneLineError(result.stderr, /PROMETHEUS_PORT="ninety": expected a port number/);
});

Deno.test("cli: `deno task migrate` against the test database reports every migration as already applied", async () => {
  const result = await runTask("migrate", [], { DATABASE_URL: config.database.url });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /0001_initial_schema\.sql\s+already-applied/);
});
