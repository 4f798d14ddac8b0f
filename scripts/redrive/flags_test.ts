import assert from "node:assert/strict";
import { ConfigError, loadConfig, sections } from "../../shared/config/mod.ts";
import { parseFlags, resolveRedrive } from "./flags.ts";

const topics = loadConfig({ topics: sections.topics }, () => undefined).topics;

function assertInvalid(argv: string[], ...patterns: RegExp[]): void {
  assert.throws(() => parseFlags(argv), (e: unknown) => {
    assert.ok(e instanceof ConfigError, String(e));
    assert.doesNotMatch(e.message, /\n/, "one line");
    for (const pattern of patterns) assert.match(e.message, pattern);
    return true;
  });
}

Deno.test("redrive flags: without flags, every DLQ record goes to the raw topic", () => {
  const options = resolveRedrive(parseFlags([]), topics);
  assert.deepEqual(options, {
    kind: "dlq",
    sourceTopic: "events.dlq.v1",
    targetTopic: "events.raw.v1",
    names: { source: "TOPIC_DLQ", target: "TOPIC_RAW" },
    dryRun: false,
    filter: {
      sinceMs: undefined,
      untilMs: undefined,
      reasons: new Set(),
      customers: new Set(),
      limit: undefined,
    },
  });
});

Deno.test("redrive flags: both forms, repeatable filters, times with an offset or as a date", () => {
  const flags = parseFlags([
    "--from=invalid",
    "--since",
    "2026-11-24T10:00:00+01:00",
    "--until=2026-11-25",
    "--reason",
    "WRONG_TYPE",
    "--reason=HEART_RATE_OUT_OF_RANGE",
    "--customer",
    "cust-1",
    "--customer=cust-2",
    "--limit",
    "50",
    "--dry-run",
    "--to",
    "events.raw.retry",
  ]);
  const options = resolveRedrive(flags, topics);
  assert.equal(options.sourceTopic, "events.invalid.v1");
  assert.equal(options.targetTopic, "events.raw.retry");
  assert.deepEqual(options.names, { source: "TOPIC_INVALID", target: "--to" });
  assert.equal(options.dryRun, true);
  assert.deepEqual(options.filter, {
    sinceMs: Date.parse("2026-11-24T09:00:00Z"),
    untilMs: Date.parse("2026-11-25T00:00:00Z"),
    reasons: new Set(["WRONG_TYPE", "HEART_RATE_OUT_OF_RANGE"]),
    customers: new Set(["cust-1", "cust-2"]),
    limit: 50,
  });
});

Deno.test("redrive flags: every bad flag is named in one line with what is expected", () => {
  assertInvalid(
    [
      "--from",
      "raw",
      "--since",
      "yesterday",
      "--limit",
      "0",
      "--customer",
      "a b",
      "--bogus",
      "--to",
    ],
    /--from "raw": expected dlq or invalid/,
    /--since "yesterday": expected an ISO 8601 time/,
    /--limit "0": expected a whole number from 1/,
    /--customer "a b": expected 1-64 printable ASCII/,
    /unknown argument --bogus/,
    /--to needs a value/,
  );
  assertInvalid(["--limit", "1", "--limit", "2"], /--limit is given twice/);
  assertInvalid(["stray"], /unknown argument stray/);
});

Deno.test("redrive flags: invalid-topic reasons are checked against the contract; DLQ error codes are free", () => {
  assertInvalid(
    ["--from", "invalid", "--reason", "TOO_FAST"],
    /--reason "TOO_FAST": expected a reason code of the invalid topic \(PAYLOAD_TOO_LARGE, /,
  );
  assert.deepEqual(parseFlags(["--reason", "22021", "--reason", "PostgresError"]).reason, [
    "22021",
    "PostgresError",
  ]);
});

Deno.test("redrive flags: --until must come after --since", () => {
  assertInvalid(
    ["--since", "2026-11-24T10:00:00Z", "--until", "2026-11-24T10:00:00Z"],
    /--until "2026-11-24T10:00:00Z": expected a time after --since/,
  );
});

Deno.test("redrive flags: the target may not be a routed or anomaly topic (no loops, no corrupted topics)", () => {
  for (const to of [topics.dlq, topics.invalid, topics.anomaly, topics.alerts]) {
    assert.throws(
      () => resolveRedrive(parseFlags(["--to", to]), topics),
      (e: unknown) =>
        e instanceof ConfigError && e.message.includes(`--to ${to}: expected a topic of raw`),
    );
  }
});

Deno.test("redrive flags: -h and --help ask for the help text", () => {
  assert.equal(parseFlags(["-h"]).help, true);
  assert.equal(parseFlags(["--help"]).help, true);
  assert.equal(parseFlags([]).help, false);
});
