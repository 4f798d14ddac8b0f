import assert from "node:assert/strict";
import { AlertEventSchema, AnomalyEventSchema, HeartbeatEventSchema, jsonSchemas } from "./mod.ts";

Deno.test("contract: the JSON Schemas published in docs/schemas match the zod schemas", async () => {
  for (const [file, schema] of Object.entries(jsonSchemas())) {
    const published = JSON.parse(
      await Deno.readTextFile(new URL(`../../docs/schemas/${file}`, import.meta.url)),
    );
    assert.deepEqual(published, schema, `docs/schemas/${file} is stale: run \`deno task schemas\``);
  }
});

Deno.test("contract: the wire format's field names and types are the ones other producers write", () => {
  const event = {
    event_id: "0b7e8f0e-3c1a-4e8b-9d2f-6a1b2c3d4e5f",
    customer_id: "cust-000042",
    event_time: "2026-11-24T10:15:00.250Z",
    heart_rate: 72,
    schema_version: 1,
  };
  assert.deepEqual(HeartbeatEventSchema.parse(event), event);
  assert.equal(HeartbeatEventSchema.safeParse({ ...event, heart_rate: 72.5 }).success, false);
  assert.equal(
    HeartbeatEventSchema.safeParse({ ...event, event_time: "2026-11-24T10:15:00+01:00" }).success,
    false,
  );
  assert.equal(HeartbeatEventSchema.safeParse({ ...event, schema_version: 3 }).success, false);
  assert.equal(HeartbeatEventSchema.safeParse({ ...event, extra: 1 }).success, false);
});

Deno.test("contract: version 2 adds optional beat-to-beat intervals, version 1 refuses them", () => {
  const event = {
    event_id: "0b7e8f0e-3c1a-4e8b-9d2f-6a1b2c3d4e5f",
    customer_id: "cust-000042",
    event_time: "2026-11-24T10:15:00.250Z",
    heart_rate: 72,
    schema_version: 2,
  };
  assert.deepEqual(HeartbeatEventSchema.parse(event), event);
  const withRr = { ...event, rr_intervals_ms: [812, 830] };
  assert.deepEqual(HeartbeatEventSchema.parse(withRr), withRr);
  assert.equal(HeartbeatEventSchema.safeParse({ ...withRr, schema_version: 1 }).success, false);
  for (const rr of [[99], [10_001], [812.5], Array(33).fill(800), null]) {
    assert.equal(
      HeartbeatEventSchema.safeParse({ ...event, rr_intervals_ms: rr }).success,
      false,
      JSON.stringify(rr),
    );
  }
});

Deno.test("contract: an alert event is one transition of a known rule and status", () => {
  const alert = {
    schema_version: 1,
    alert_id: "5df41881-3aed-5515-88a7-2f4a814cf09e",
    seq: 2,
    customer_id: "cust-1",
    rule: "HIGH",
    priority: "high",
    from_status: "pending",
    status: "firing",
    flapping: false,
    value: 152,
    threshold: 140,
    reason: "heart rate >= 140 bpm in 8 of the last 10 s",
    opened_at: "2026-11-24T10:15:00.250Z",
    at: "2026-11-24T10:15:10.250Z",
    detected_at: "2026-11-24T10:15:10.400Z",
  };
  assert.equal(AlertEventSchema.safeParse(alert).success, true);
  assert.equal(AlertEventSchema.safeParse({ ...alert, from_status: null, seq: 1 }).success, true);
  assert.equal(AlertEventSchema.safeParse({ ...alert, rule: "TOO_FAST" }).success, false);
  assert.equal(AlertEventSchema.safeParse({ ...alert, seq: 0 }).success, false);
});

Deno.test("contract: an anomaly event needs a deterministic id and one of the spec's rule types", () => {
  const anomaly = {
    schema_version: 1,
    anomaly_id: "5df41881-3aed-5515-88a7-2f4a814cf09e",
    event_id: "0b7e8f0e-3c1a-4e8b-9d2f-6a1b2c3d4e5f",
    customer_id: "cust-1",
    anomaly_type: "SPIKE",
    severity: "medium",
    heart_rate: 110,
    threshold: 30,
    previous_heart_rate: 72,
    event_time: "2026-11-24T10:15:00.250Z",
    detected_at: "2026-11-24T10:15:00.400Z",
  };
  assert.equal(AnomalyEventSchema.safeParse(anomaly).success, true);
  assert.equal(
    AnomalyEventSchema.safeParse({ ...anomaly, anomaly_type: "TOO_FAST" }).success,
    false,
  );
});
