/**
 * Deterministic anomaly ids: the same reading and rule always give the same id, so a
 * reading processed twice (a replay, a restart) yields the same row and message, and the
 * `anomalies` primary key turns the second insert into a no-op.
 */
import type { AnomalyType } from "../contract/mod.ts";
import { uuidBytes, uuidV5 } from "./_uuid_v5.ts";

/**
 * The project's UUID v5 namespace for anomaly ids, generated once (crypto.randomUUID) and
 * fixed forever: changing it changes every anomaly id and breaks deduplication.
 */
export const ANOMALY_ID_NAMESPACE = "1d09cc86-d240-427f-9421-36de34f0acf0";

const namespaceBytes = uuidBytes(ANOMALY_ID_NAMESPACE);

/**
 * Returns the RFC 9562 UUID version 5 (SHA-1, name-based) of `${eventId}:${type}` in
 * {@link ANOMALY_ID_NAMESPACE}, in lowercase. The event id is hashed as given, so callers
 * pass it as it arrived on the wire (re-deliveries carry the same text).
 */
export function anomalyId(eventId: string, type: AnomalyType): string {
  return uuidV5(namespaceBytes, `${eventId}:${type}`);
}
