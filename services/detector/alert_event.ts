/**
 * An alert transition as the `alerts.v1` message (shared/contract/alert_event.ts), keyed by
 * customer so one customer's transitions stay in order.
 */
import type { AlertTransition } from "../../shared/alerts/types.ts";
import type { AlertEvent } from "../../shared/contract/alert_event.ts";
import type { OutgoingMessage } from "../../shared/kafka/mod.ts";

/** The message of one transition, detected at `detectedAtMs`. */
export function toAlertEvent(t: AlertTransition, detectedAtMs: number): AlertEvent {
  return {
    schema_version: 1,
    alert_id: t.alertId,
    seq: t.seq,
    customer_id: t.customerId,
    rule: t.rule,
    priority: t.priority,
    from_status: t.from,
    status: t.to,
    flapping: t.flapping,
    value: t.value,
    threshold: t.threshold,
    reason: t.reason,
    opened_at: new Date(t.openedAtMs).toISOString(),
    at: new Date(t.atMs).toISOString(),
    detected_at: new Date(detectedAtMs).toISOString(),
  };
}

/** The Kafka message of one transition. */
export function toAlertMessage(t: AlertTransition, detectedAtMs: number): OutgoingMessage {
  return { key: t.customerId, value: JSON.stringify(toAlertEvent(t, detectedAtMs)) };
}
