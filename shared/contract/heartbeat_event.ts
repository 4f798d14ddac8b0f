/**
 * The wire format of a heart-rate reading on `events.raw.v1` (other producers write it
 * too, so names and types are fixed):
 *
 * ```json
 * {"event_id": "6f1c…", "customer_id": "cust-00042", "event_time": "2026-11-24T10:15:00.250Z",
 *  "heart_rate": 72, "schema_version": 1, "device_id": "dev-9"}
 * {"event_id": "7a2d…", "customer_id": "cust-00042", "event_time": "2026-11-24T10:15:01.250Z",
 *  "heart_rate": 73, "schema_version": 2, "rr_intervals_ms": [812, 830]}
 * ```
 *
 * UTF-8 JSON, one object per Kafka message, keyed by `customer_id`. Unknown fields are
 * refused: a producer that adds fields bumps `schema_version`. Two versions are read:
 *
 * - **1**: the reading.
 * - **2**: version 1 plus the optional `rr_intervals_ms`, the beat-to-beat (RR) intervals
 *   that ended within the reading's second, oldest first. A version 1 reading that carries
 *   it is refused (UNKNOWN_FIELD), as before.
 */
import { z } from "zod";

/** The first wire format version (no beat-to-beat intervals). */
export const SCHEMA_VERSION = 1;
/** The version that adds `rr_intervals_ms`. */
export const SCHEMA_VERSION_RR = 2;
/** Every version this code reads. */
export const SCHEMA_VERSIONS = [SCHEMA_VERSION, SCHEMA_VERSION_RR] as const;
/** A version this code reads. */
export type SchemaVersion = typeof SCHEMA_VERSIONS[number];

/**
 * Bounds of `rr_intervals_ms`. At most 32 intervals: at HEART_RATE_MAX's default of 250
 * bpm about 4 beats end in a second, so 32 leaves room for devices that batch several
 * seconds, and bounds the work one record can cause. Each interval 100–10,000 ms: below
 * 100 ms (600 bpm) no heart beats, and real records hold sinus pauses of up to ~6 s, so
 * 10 s keeps every genuine pause and refuses only garbage. An empty array means "measured,
 * and no beat ended in this second" (during a pause), which is not the same as absent.
 */
export const RR_INTERVALS = { maxCount: 32, minMs: 100, maxMs: 10_000 } as const;

/** Customer ids: 1–64 printable ASCII characters without spaces. */
export const CustomerIdSchema = z.string().regex(
  /^[!-~]{1,64}$/,
  "expected 1-64 printable ASCII characters, no spaces",
);

/** Beat-to-beat intervals, whole milliseconds, oldest first (see {@link RR_INTERVALS}). */
export const RrIntervalsSchema = z.array(z.int().min(RR_INTERVALS.minMs).max(RR_INTERVALS.maxMs))
  .max(RR_INTERVALS.maxCount);

const readingFields = {
  event_id: z.uuid().describe("Producer-assigned UUID; with customer_id, the idempotency key."),
  customer_id: CustomerIdSchema.describe("Customer the reading belongs to; also the Kafka key."),
  event_time: z.iso.datetime().describe("When the device measured the reading: RFC 3339, UTC (Z)."),
  heart_rate: z.int().describe("Beats per minute, a whole number."),
  device_id: z.string().min(1).max(128).optional().describe("Optional: the measuring device."),
  device_model: z.string().min(1).max(128).optional().describe("Optional: the device's model."),
  battery_pct: z.int().min(0).max(100).optional().describe("Optional: device battery, percent."),
};

/** A version 1 reading. */
export const HeartbeatEventV1Schema = z.strictObject({
  ...readingFields,
  schema_version: z.literal(SCHEMA_VERSION).describe("Wire format version."),
}).describe("HeartbeatEvent version 1: a reading.");

/** A version 2 reading: version 1 plus the optional beat-to-beat intervals. */
export const HeartbeatEventV2Schema = z.strictObject({
  ...readingFields,
  schema_version: z.literal(SCHEMA_VERSION_RR).describe("Wire format version."),
  rr_intervals_ms: RrIntervalsSchema.optional().describe(
    "Optional: beat-to-beat intervals that ended within this reading's second, whole ms " +
      "(100-10000), oldest first, at most 32; [] when no beat ended in it.",
  ),
}).describe("HeartbeatEvent version 2: a reading with optional beat-to-beat intervals.");

/** A heart-rate reading as it travels on the wire, either version. */
export const HeartbeatEventSchema = z.discriminatedUnion("schema_version", [
  HeartbeatEventV1Schema,
  HeartbeatEventV2Schema,
]).describe("HeartbeatEvent: one heart-rate reading (topic events.raw.v1, key = customer_id).");

/** A heart-rate reading as it travels on the wire, either version. */
export type HeartbeatEvent = z.infer<typeof HeartbeatEventSchema>;
/** A version 1 reading. */
export type HeartbeatEventV1 = z.infer<typeof HeartbeatEventV1Schema>;
/** A version 2 reading. */
export type HeartbeatEventV2 = z.infer<typeof HeartbeatEventV2Schema>;
