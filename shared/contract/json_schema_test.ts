import assert from "node:assert/strict";
import { AnomalyEventSchema, HeartbeatEventSchema, jsonSchemas } from "./mod.ts";

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
  assert.equal(HeartbeatEventSchema.safeParse({ ...event, schema_version: 2 }).success, false);
  assert.equal(HeartbeatEventSchema.safeParse({ ...event, extra: 1 }).success, false);
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
