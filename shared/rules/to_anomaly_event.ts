/** Turns a rule's finding into an `events.anomaly.v1` message (see `shared/contract`). */
import { type AnomalyEvent, SCHEMA_VERSION } from "../contract/mod.ts";
import { anomalyId } from "./anomaly_id.ts";
import type { Finding, HeartRateReading } from "./evaluate_reading.ts";

/**
 * Builds the AnomalyEvent for `finding` raised by `reading`, detected at `detectedAtMs`
 * (ms since the epoch, the caller's clock). Times become ISO 8601 UTC strings with
 * milliseconds; the anomaly id is {@link anomalyId} of the event id and type, so building
 * it twice gives the same message. Both times must be valid dates (a validated reading's is).
 */
export function toAnomalyEvent(
  finding: Finding,
  reading: HeartRateReading,
  detectedAtMs: number,
): AnomalyEvent {
  return {
    schema_version: SCHEMA_VERSION,
    anomaly_id: anomalyId(reading.customerId, reading.eventId, finding.type),
    event_id: reading.eventId,
    customer_id: reading.customerId,
    anomaly_type: finding.type,
    severity: finding.severity,
    heart_rate: reading.heartRate,
    threshold: finding.threshold,
    previous_heart_rate: finding.previousHeartRate,
    event_time: new Date(reading.eventTimeMs).toISOString(),
    detected_at: new Date(detectedAtMs).toISOString(),
  };
}
