/**
 * Which alert transitions the receiver hears about, and the request that tells it (pure).
 *
 * The receiver hears of an alert once it fires, then of every move after that: `firing`
 * (opened straight as firing or confirmed from pending), and any later move of an alert
 * that fired — `resolved` today, `acknowledged` should the contract add it. It never hears
 * of `pending` (not confirmed yet), nor of a pending alert that resolved without firing:
 * a "resolved" for an alert it was never told about would only be noise.
 *
 * The body is the transition exactly as the wire format of `alerts.v1` defines it
 * (`shared/contract/alert_event.ts`), so a receiver and a Kafka reader share one schema.
 * Its `Idempotency-Key` is
 * `<alert_id>:<seq>`, unique per transition and the same on every retry or re-delivery.
 */
import type { AlertEvent } from "../../shared/contract/alert_event.ts";

/** One POST to make. */
export interface Notification {
  /** `<alert_id>:<seq>`: receivers drop a request whose key they have seen. */
  readonly idempotencyKey: string;
  /** `alert.<status>`, also sent as the `Heartbeat-Event` header, e.g. `alert.firing`. */
  readonly kind: string;
  readonly customerId: string;
  /** The JSON body (the transition as published on `alerts.v1`). */
  readonly body: string;
}

/** Why a transition is not notified. */
export type SkipReason = "pending" | "never_fired";

/** The request for a transition, or why there is none. */
export type NotificationDecision =
  | { readonly notify: true; readonly notification: Notification }
  | { readonly notify: false; readonly why: SkipReason };

/** The key identifying a transition: `<alert_id>:<seq>`. */
export function idempotencyKey(event: Pick<AlertEvent, "alert_id" | "seq">): string {
  return `${event.alert_id}:${event.seq}`;
}

/** Decides whether `event` is notified and builds its request. */
export function decideNotification(event: AlertEvent): NotificationDecision {
  if (event.status === "pending") return { notify: false, why: "pending" };
  const fired = event.status === "firing" ||
    (event.from_status !== null && event.from_status !== "pending");
  if (!fired) return { notify: false, why: "never_fired" };
  return {
    notify: true,
    notification: {
      idempotencyKey: idempotencyKey(event),
      kind: `alert.${event.status}`,
      customerId: event.customer_id,
      body: JSON.stringify(event),
    },
  };
}
