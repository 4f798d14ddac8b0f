import assert from "node:assert/strict";
import { AlertEventSchema } from "../../shared/contract/alert_event.ts";
import type { AlertTransition } from "../../shared/alerts/types.ts";
import { toAlertEvent, toAlertMessage } from "./alert_event.ts";

const transition: AlertTransition = {
  alertId: "6f1c1c1e-4d0b-5a55-9c55-2f0e3b8a9d11",
  customerId: "cust-7",
  rule: "LOW",
  priority: "high",
  from: "pending",
  to: "firing",
  seq: 2,
  atMs: Date.UTC(2026, 10, 24, 12, 0, 8),
  openedAtMs: Date.UTC(2026, 10, 24, 12, 0, 0),
  flapping: false,
  value: 46,
  threshold: 50,
  reason: "heart rate ≤ 50 bpm in 8 of the last 10 s",
};

Deno.test("toAlertEvent: a transition becomes a message the contract accepts", () => {
  const event = toAlertEvent(transition, Date.UTC(2026, 10, 24, 12, 0, 9));
  assert.deepEqual(AlertEventSchema.parse(event), event);
  assert.equal(event.status, "firing");
  assert.equal(event.from_status, "pending");
  assert.equal(event.opened_at, "2026-11-24T12:00:00.000Z");
  assert.equal(event.at, "2026-11-24T12:00:08.000Z");
  assert.equal(event.detected_at, "2026-11-24T12:00:09.000Z");
});

Deno.test("toAlertMessage: keyed by customer, the opening transition has no from_status", () => {
  const message = toAlertMessage({ ...transition, from: null, to: "pending", seq: 1 }, 0);
  assert.equal(message.key, "cust-7");
  const event = AlertEventSchema.parse(JSON.parse(message.value as string));
  assert.equal(event.from_status, null);
  assert.equal(event.seq, 1);
});
