/**
 * The wire format of `events.invalid.v1`: a raw record that failed validation, with its
 * original bytes, provenance and why. Keyed by the source record's key (or
 * `<topic>/<partition>/<offset>` when it had none).
 */
import { z } from "zod";
import { ProvenanceSchema } from "./provenance.ts";

/**
 * Why a record is invalid. A closed set: dashboards and the redrive tool filter on it.
 * - PAYLOAD_TOO_LARGE: value above MAX_MESSAGE_BYTES
 * - EMPTY_PAYLOAD: no value (tombstone) or zero bytes
 * - INVALID_UTF8: value bytes are not UTF-8
 * - INVALID_JSON: not parseable as JSON
 * - NOT_AN_OBJECT: JSON, but not an object
 * - UNSUPPORTED_SCHEMA_VERSION: schema_version missing or neither 1 nor 2
 * - MISSING_FIELD: a required field is absent
 * - UNKNOWN_FIELD: a field the record's schema_version does not define (e.g. rr_intervals_ms
 *   in version 1)
 * - WRONG_TYPE: a field has the wrong type or format (e.g. heart_rate "72", event_id "abc",
 *   an rr_intervals_ms entry outside 100..10000 ms or more than 32 of them)
 * - HEART_RATE_OUT_OF_RANGE: outside HEART_RATE_MIN..HEART_RATE_MAX
 * - EVENT_TIME_IN_FUTURE: more than EVENT_TIME_MAX_FUTURE_S ahead of the consumer's clock
 * - EVENT_TIME_TOO_OLD: older than EVENT_TIME_MAX_AGE_H
 * - MISSING_KEY: the record has no key (per-customer ordering is lost)
 * - KEY_MISMATCH: the key differs from customer_id (the reading sits on the wrong partition)
 */
export const REASON_CODES = [
  "PAYLOAD_TOO_LARGE",
  "EMPTY_PAYLOAD",
  "INVALID_UTF8",
  "INVALID_JSON",
  "NOT_AN_OBJECT",
  "UNSUPPORTED_SCHEMA_VERSION",
  "MISSING_FIELD",
  "UNKNOWN_FIELD",
  "WRONG_TYPE",
  "HEART_RATE_OUT_OF_RANGE",
  "EVENT_TIME_IN_FUTURE",
  "EVENT_TIME_TOO_OLD",
  "MISSING_KEY",
  "KEY_MISMATCH",
] as const;

/** Why a record is invalid, judged from the record alone (the validator's verdicts). */
export type ReasonCode = typeof REASON_CODES[number];

/**
 * Every reason on the invalid topic: the record-level {@link REASON_CODES}, plus one that
 * only the writer can see, against what it stored before:
 * - EVENT_ID_CONFLICT: the (customer_id, event_id) was stored already with different content
 *   (an exact repeat is a harmless re-delivery and is not routed)
 */
export const INVALID_REASON_CODES = [...REASON_CODES, "EVENT_ID_CONFLICT"] as const;

/** A reason on the invalid topic. */
export type InvalidReasonCode = typeof INVALID_REASON_CODES[number];

/** A record routed to the invalid topic. */
export const InvalidEventSchema = z.strictObject({
  schema_version: z.literal(1),
  reason_code: z.enum(INVALID_REASON_CODES),
  message: z.string().describe("Human-readable detail, e.g. which field and what was found."),
  source: ProvenanceSchema,
  consumer_group: z.string().describe("The consumer group that rejected it."),
  detected_at: z.iso.datetime(),
}).describe("InvalidEvent: a raw record that failed validation (topic events.invalid.v1).");

/** A record routed to the invalid topic. */
export type InvalidEvent = z.infer<typeof InvalidEventSchema>;
