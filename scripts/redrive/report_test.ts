import assert from "node:assert/strict";
import { formatSample, formatSummary } from "./report.ts";
import { noSkips } from "./plan.ts";
import { parseFlags, resolveRedrive } from "./flags.ts";
import { loadConfig, sections } from "../../shared/config/mod.ts";
import { decodeRouted } from "./routed_record.ts";
import { reading, ROUTED_AT_MS, routedDlq } from "./_test_support.ts";

const topics = loadConfig({ topics: sections.topics }, () => undefined).topics;
const counts = {
  scanned: 120,
  unreadable: 1,
  matched: 14,
  selected: 11,
  skipped: { ...noSkips(), VALUE_TRUNCATED: 2, DUPLICATE: 1 },
};

Deno.test("redrive report: a dry run says nothing was published and what would be", () => {
  const options = resolveRedrive(parseFlags(["--dry-run", "--reason", "22021"]), topics);
  assert.deepEqual(formatSummary(options, counts), [
    "redrive events.dlq.v1 -> events.raw.v1 (dry run: nothing published)",
    "scanned       120  records up to the end offsets taken at start",
    "unreadable      1  not routed records (left alone)",
    "matched        14  filter: reason 22021",
    "would publish  11",
    "skipped         3  VALUE_TRUNCATED 2, DUPLICATE 1",
  ]);
});

Deno.test("redrive report: a real run counts what it republished", () => {
  const options = resolveRedrive(parseFlags(["--customer", "c1", "--limit", "5"]), topics);
  const lines = formatSummary(options, { ...counts, unreadable: 0 });
  assert.equal(lines[0], "redrive events.dlq.v1 -> events.raw.v1");
  assert.equal(lines[2], "unreadable      0");
  assert.equal(lines[3], "matched        14  filter: customer c1, limit 5");
  assert.equal(
    lines[4],
    "republished    11  to events.raw.v1, original key and value",
  );
});

Deno.test("redrive report: a sample line names the routed position, time, reason, customer and source", () => {
  const routed = routedDlq(reading("cust-7", 72), "22021", { offset: 123n, partition: 5 });
  const decoded = decodeRouted("dlq", new TextEncoder().encode(routed.value));
  assert.ok(decoded.ok);
  const line = formatSample({
    partition: 3,
    offset: 17n,
    timestampMs: ROUTED_AT_MS,
    record: decoded.record,
  });
  assert.match(
    line,
    /^ {2}3\/17 {2}2026-11-24T12:00:00\.000Z {2}22021 {2}cust-7 {2}<- events\.raw\.v1 5\/123, \d+ B$/,
  );
});
