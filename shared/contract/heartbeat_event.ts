/**
 * The wire format of a heart-rate reading on `events.raw.v1` (other producers write it
 * too, so names and types are fixed):
 *
 * ```json
 * {"event_id": "6f1c…", "customer_id": "cust-00042", "event_time": "2026-11-24T10:15:00.250Z",
 *  "heart_rate": 72, "schema_version": 1, "device_id": "dev-9"}
 * ```
 *
 * UTF-8 JSON, one object per Kafka message, keyed by `customer_id`. Unknown fields are
 * refused: a producer that adds fields bumps `schema_version`.
 */
import { z } from "zod";

/** The only schema version this code reads and writes. */
export const SCHEMA_VERSION = 1;

/** Customer ids: 1–64 printable ASCII characters without spaces. */
export const CustomerIdSchema = z.string().regex(
  /^[!-~]{1,64}$/,
  "expected 1-64 printable ASCII characters, no spaces",
);

/** A heart-rate reading as it travels on the wire. */
export const HeartbeatEventSchema = z.strictObject({
  event_id: z.uuid().describe("Producer-assigned UUID; with customer_id, the idempotency key."),
  customer_id: CustomerIdSchema.describe("Customer the reading belongs to; also the Kafka key."),
  event_time: z.iso.datetime().describe("When the device measured the reading: RFC 3339, UTC (Z)."),
  heart_rate: z.int().describe("Beats per minute, a whole number."),
  schema_version: z.literal(SCHEMA_VERSION).describe("Wire format version."),
  device_id: z.string().min(1).max(128).optional().describe("Optional: the measuring device."),
  device_model: z.string().min(1).max(128).optional().describe("Optional: the device's model."),
  battery_pct: z.int().min(0).max(100).optional().describe("Optional: device battery, percent."),
}).describe("HeartbeatEvent: one heart-rate reading (topic events.raw.v1, key = customer_id).");

/** A heart-rate reading as it travels on the wire. */
export type HeartbeatEvent = z.infer<typeof HeartbeatEventSchema>;
