/**
 * Deterministic anomaly ids: the same reading and rule always give the same id, so a
 * reading processed twice (a replay, a restart) yields the same row and message, and the
 * `anomalies` primary key turns the second insert into a no-op.
 */
import type { AnomalyType } from "../contract/mod.ts";
import { uuidBytes, uuidV5 } from "../encoding/uuid_v5.ts";

/**
 * The project's UUID v5 namespace for anomaly ids, generated once (crypto.randomUUID) and
 * fixed forever: changing it changes every anomaly id and breaks deduplication.
 */
export const ANOMALY_ID_NAMESPACE = "1d09cc86-d240-427f-9421-36de34f0acf0";

const namespaceBytes = uuidBytes(ANOMALY_ID_NAMESPACE);

/**
 * Returns the RFC 9562 UUID version 5 (SHA-1, name-based) of
 * `${customerId}:${eventId}:${type}` in {@link ANOMALY_ID_NAMESPACE}, in lowercase. The
 * customer is part of the name because a reading's identity is (customer_id, event_id):
 * event ids are the producer's and unique only per customer, and an id derived from the
 * event id alone let one customer's anomaly silently suppress another's (found by the
 * chaos auditor). Ids are hashed as given, as they arrived on the wire.
 */
export function anomalyId(customerId: string, eventId: string, type: AnomalyType): string {
  return uuidV5(namespaceBytes, `${customerId}:${eventId}:${type}`);
}
