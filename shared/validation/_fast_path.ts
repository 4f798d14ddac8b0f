/**
 * A precompiled check for the common case: a well-formed reading. It accepts only objects
 * the contract's zod schema (`HeartbeatEventSchema`) accepts too — its patterns are the
 * schema's own or narrower (e.g. no February 29th) — and returns the same event; anything
 * else, unusual or wrong, gets `undefined` and goes through zod, which gives the verdict and
 * the reason. So verdicts are identical with or without it (a differential property test
 * holds it to that), and zod runs only for the records that need its reasons.
 */
import {
  type HeartbeatEvent,
  RR_INTERVALS,
  SCHEMA_VERSION,
  SCHEMA_VERSION_RR,
} from "../contract/mod.ts";

// zod 4's z.uuid() without the nil and max UUIDs (those fall back to zod).
const UUID =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
// zod 4's z.iso.datetime() (UTC, any precision) without February 29th and without the
// seconds-less form; those fall back to zod.
const DATETIME = new RegExp(
  "^\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))" +
    "T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?Z$",
);
const CUSTOMER_ID = /^[!-~]{1,64}$/;
const KNOWN = new Set([
  "event_id",
  "customer_id",
  "event_time",
  "heart_rate",
  "schema_version",
  "device_id",
  "device_model",
  "battery_pct",
  "rr_intervals_ms",
]);

/** The reading when `object` is certainly a valid one; otherwise undefined (ask zod). */
export function fastParseReading(object: Record<string, unknown>): HeartbeatEvent | undefined {
  for (const key in object) if (!KNOWN.has(key)) return undefined;
  const { event_id, customer_id, event_time, heart_rate, schema_version } = object;
  if (
    (schema_version !== SCHEMA_VERSION && schema_version !== SCHEMA_VERSION_RR) ||
    typeof event_id !== "string" || !UUID.test(event_id) ||
    typeof customer_id !== "string" || !CUSTOMER_ID.test(customer_id) ||
    typeof event_time !== "string" || !DATETIME.test(event_time) ||
    !Number.isSafeInteger(heart_rate)
  ) return undefined;
  const event: HeartbeatEvent = {
    event_id,
    customer_id,
    event_time,
    heart_rate: heart_rate as number,
    schema_version,
  };
  if (Object.hasOwn(object, "rr_intervals_ms")) {
    // Version 1 does not define the field: zod refuses it with its reason.
    if (event.schema_version !== SCHEMA_VERSION_RR) return undefined;
    if (!isRrIntervals(object.rr_intervals_ms)) return undefined;
    event.rr_intervals_ms = object.rr_intervals_ms;
  }
  if (Object.hasOwn(object, "device_id")) {
    if (!isText(object.device_id)) return undefined;
    event.device_id = object.device_id;
  }
  if (Object.hasOwn(object, "device_model")) {
    if (!isText(object.device_model)) return undefined;
    event.device_model = object.device_model;
  }
  if (Object.hasOwn(object, "battery_pct")) {
    const battery = object.battery_pct;
    if (!Number.isSafeInteger(battery) || (battery as number) < 0 || (battery as number) > 100) {
      return undefined;
    }
    event.battery_pct = battery as number;
  }
  return event;
}

function isRrIntervals(value: unknown): value is number[] {
  if (!Array.isArray(value) || value.length > RR_INTERVALS.maxCount) return false;
  for (const ms of value) {
    if (!Number.isSafeInteger(ms) || ms < RR_INTERVALS.minMs || ms > RR_INTERVALS.maxMs) {
      return false;
    }
  }
  return true;
}

function isText(value: unknown): value is string {
  return typeof value === "string" && value.length >= 1 && value.length <= 128;
}
