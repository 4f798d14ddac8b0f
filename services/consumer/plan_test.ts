import assert from "node:assert/strict";
import { validation } from "../../shared/config/settings.ts";
import type { PartitionBatch } from "../../shared/kafka/mod.ts";
import { planBatch } from "./plan.ts";

const config = validation.resolve(validation.env.parse({}));
const NOW_MS = Date.parse("2026-11-24T12:00:00Z");
const encoder = new TextEncoder();

function batchOf(values: Record<string, unknown>[]): PartitionBatch {
  return {
    topic: "events.raw.v1",
    partition: 3,
    highWatermark: BigInt(values.length),
    records: values.map((value, i) => ({
      offset: BigInt(i),
      key: encoder.encode(String(value.customer_id)),
      value: encoder.encode(JSON.stringify(value)),
      timestampMs: NOW_MS,
    })),
  };
}

const reading = (n: number, changes: Record<string, unknown> = {}) => ({
  event_id: `6f1c2a3b-1d2e-4f5a-8b9c-0d1e2f3a4b${String(n).padStart(2, "0")}`,
  customer_id: "cust-1",
  event_time: `2026-11-24T11:59:${String(n).padStart(2, "0")}.000Z`,
  heart_rate: 70 + n,
  schema_version: 1,
  ...changes,
});

Deno.test("planBatch: version 2 readings become rows like version 1 ones, intervals not stored", () => {
  const plan = planBatch(
    batchOf([
      reading(1),
      reading(2, { schema_version: 2, rr_intervals_ms: [812, 830], device_id: "dev-9" }),
      reading(3, { schema_version: 2 }),
    ]),
    0n,
    config,
    NOW_MS,
  );
  assert.deepEqual(plan.rejected, []);
  assert.deepEqual(
    plan.rows.map((r) => [r.eventTime, r.heartRate, r.schemaVersion, r.deviceId, r.offset]),
    [
      ["2026-11-24T11:59:01.000Z", 71, 1, null, 0n],
      ["2026-11-24T11:59:02.000Z", 72, 2, "dev-9", 1n],
      ["2026-11-24T11:59:03.000Z", 73, 2, null, 2n],
    ],
  );
  for (const row of plan.rows) assert.ok(!("rrIntervalsMs" in row), "no interval column");
});

Deno.test("planBatch: bad interval arrays and intervals in version 1 are routed with their reason", () => {
  const plan = planBatch(
    batchOf([
      reading(1, { rr_intervals_ms: [800] }),
      reading(2, { schema_version: 2, rr_intervals_ms: [800, 20_000] }),
      reading(3, { schema_version: 2, rr_intervals_ms: [800] }),
    ]),
    1n,
    config,
    NOW_MS,
  );
  assert.equal(plan.skipped, 1);
  assert.deepEqual(plan.rejected.map((r) => [r.record.offset, r.reason, r.message]), [
    [
      1n,
      "WRONG_TYPE",
      "rr_intervals_ms[1] must be a whole number of ms from 100 to 10000, got number 20000",
    ],
  ]);
  assert.deepEqual(plan.rows.map((r) => r.offset), [2n]);
  const v1WithRr = planBatch(batchOf([reading(1, { rr_intervals_ms: [800] })]), 0n, config, NOW_MS);
  assert.deepEqual(v1WithRr.rejected.map((r) => r.reason), ["UNKNOWN_FIELD"]);
});
