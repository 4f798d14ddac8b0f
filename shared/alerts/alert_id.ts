/**
 * Deterministic alert ids: an alert is one episode of one rule for one customer, identified
 * by when (in event time) the episode began. Reprocessing the same readings opens the same
 * episodes at the same event times, so it yields the same ids and the `(alert_id, seq)` of
 * every transition repeats exactly: downstream deduplication turns a replay into a no-op.
 */
import { uuidBytes, uuidV5 } from "../encoding/uuid_v5.ts";
import type { AlertRule } from "./types.ts";

/**
 * The project's UUID v5 namespace for alert ids, generated once (crypto.randomUUID) and
 * fixed forever: changing it changes every alert id and breaks deduplication.
 */
export const ALERT_ID_NAMESPACE = "5b0f7c1e-8a43-4d2b-9e61-0c7a2f93d4b8";

const namespaceBytes = uuidBytes(ALERT_ID_NAMESPACE);

/**
 * Returns the RFC 9562 UUID version 5 of `${customerId}:${rule}:${openedAtMs}` in
 * {@link ALERT_ID_NAMESPACE}, lowercase. `openedAtMs` is the event time the episode began
 * (ms since the epoch, a whole number), never an arrival or processing time.
 */
export function alertId(customerId: string, rule: AlertRule, openedAtMs: number): string {
  return uuidV5(namespaceBytes, `${customerId}:${rule}:${openedAtMs}`);
}
