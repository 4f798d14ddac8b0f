/**
 * The wire format of `events.anomaly.v1` (keyed by customer_id) and the shape of an
 * `anomalies` row. `anomaly_id` is derived from the source event and the rule, so
 * reprocessing a reading yields the same id and no second anomaly.
 */
import { z } from "zod";
import { CustomerIdSchema } from "./heartbeat_event.ts";

/** The spec's per-reading rules. */
export const ANOMALY_TYPES = ["LOW_HEART_RATE", "HIGH_HEART_RATE", "SPIKE"] as const;
/** A per-reading rule. */
export type AnomalyType = typeof ANOMALY_TYPES[number];

/** Severities, lowest first. */
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
/** A severity. */
export type Severity = typeof SEVERITIES[number];

/** An anomaly raised by the detector. */
export const AnomalyEventSchema = z.strictObject({
  schema_version: z.literal(1),
  anomaly_id: z.uuid().describe(
    "UUIDv5 of (customer_id, event_id, anomaly_type): the same reading and rule always give the same id.",
  ),
  event_id: z.uuid().describe("The reading that raised it."),
  customer_id: CustomerIdSchema,
  anomaly_type: z.enum(ANOMALY_TYPES),
  severity: z.enum(SEVERITIES),
  heart_rate: z.int().describe("The reading's value, bpm."),
  threshold: z.int().describe("The threshold in force (bpm; for SPIKE, the bpm change)."),
  previous_heart_rate: z.int().nullable().describe(
    "SPIKE: the customer's previous valid reading; otherwise null.",
  ),
  event_time: z.iso.datetime(),
  detected_at: z.iso.datetime(),
}).describe("AnomalyEvent: a per-reading anomaly (topic events.anomaly.v1, key = customer_id).");

/** An anomaly raised by the detector. */
export type AnomalyEvent = z.infer<typeof AnomalyEventSchema>;
