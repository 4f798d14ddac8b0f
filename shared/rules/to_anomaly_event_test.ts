import assert from "node:assert/strict";
import { AnomalyEventSchema } from "../contract/mod.ts";
import { anomalyId } from "./anomaly_id.ts";
import { toAnomalyEvent } from "./to_anomaly_event.ts";

const reading = {
  eventId: "6f1c2a3b-1d2e-4f5a-8b9c-0d1e2f3a4b5c",
  customerId: "cust-00042",
  heartRate: 45,
  eventTimeMs: Date.parse("2026-11-24T11:59:00.250Z"),
};
const DETECTED_AT_MS = Date.parse("2026-11-24T12:00:00Z");

Deno.test("toAnomalyEvent: builds a SPIKE message that satisfies the contract", () => {
  const finding = {
    type: "SPIKE",
    severity: "medium",
    threshold: 30,
    previousHeartRate: 100,
  } as const;
  const event = toAnomalyEvent(finding, reading, DETECTED_AT_MS);
  assert.deepEqual(event, {
    schema_version: 1,
    anomaly_id: anomalyId(reading.customerId, reading.eventId, "SPIKE"),
    event_id: reading.eventId,
    customer_id: "cust-00042",
    anomaly_type: "SPIKE",
    severity: "medium",
    heart_rate: 45,
    threshold: 30,
    previous_heart_rate: 100,
    event_time: "2026-11-24T11:59:00.250Z",
    detected_at: "2026-11-24T12:00:00.000Z",
  });
  assert.deepEqual(AnomalyEventSchema.parse(event), event);
});

Deno.test("toAnomalyEvent: a LOW finding has no previous heart rate", () => {
  const finding = {
    type: "LOW_HEART_RATE",
    severity: "high",
    threshold: 50,
    previousHeartRate: null,
  } as const;
  const event = toAnomalyEvent(finding, reading, DETECTED_AT_MS);
  assert.equal(event.previous_heart_rate, null);
  assert.ok(AnomalyEventSchema.safeParse(event).success);
});
