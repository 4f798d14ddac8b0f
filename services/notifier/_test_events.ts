/** Alert transitions and records for the notifier's tests. */
import type { AlertEvent } from "../../shared/contract/alert_event.ts";
import type { RawRecord } from "../../shared/kafka/mod.ts";

/** A valid transition (firing, opened from pending), with `changes` applied. */
export function alertEvent(changes: Partial<AlertEvent> = {}): AlertEvent {
  return {
    schema_version: 1,
    alert_id: "0f8e2a3c-5b1d-5c6e-9f7a-1b2c3d4e5f60",
    seq: 2,
    customer_id: "cust-000001",
    rule: "HIGH",
    priority: "high",
    from_status: "pending",
    status: "firing",
    flapping: false,
    value: 151,
    threshold: 140,
    reason: "heart rate ≥ 140 bpm in 8 of the last 10 s",
    opened_at: "2026-11-24T10:15:00.000Z",
    at: "2026-11-24T10:15:10.000Z",
    detected_at: "2026-11-24T10:15:10.120Z",
    ...changes,
  };
}

/** The three transitions of one alert that fired and resolved: pending, firing, resolved. */
export function alertLifecycle(alertId: string, customerId: string): AlertEvent[] {
  const base = { alert_id: alertId, customer_id: customerId };
  return [
    alertEvent({ ...base, seq: 1, from_status: null, status: "pending" }),
    alertEvent({ ...base, seq: 2, from_status: "pending", status: "firing" }),
    alertEvent({ ...base, seq: 3, from_status: "firing", status: "resolved" }),
  ];
}

const encoder = new TextEncoder();

/** A record carrying `value` (an event, or raw text), keyed by its customer by default. */
export function alertRecord(
  value: AlertEvent | string | null,
  offset: number,
  key: string | null = typeof value === "object" && value !== null ? value.customer_id : null,
): RawRecord {
  const text = value === null ? null : typeof value === "string" ? value : JSON.stringify(value);
  return {
    offset: BigInt(offset),
    key: key === null ? null : encoder.encode(key),
    value: text === null ? null : encoder.encode(text),
    timestampMs: Date.parse("2026-11-24T10:15:10.200Z"),
  };
}
