/**
 * Validation of a raw `events.raw.v1` record (wire format: `shared/contract/heartbeat_event.ts`,
 * UTF-8 JSON object, key = customer_id). Cheap checks run first, on bytes and the parsed
 * value, so a flood of junk never reaches zod; the JSON is parsed exactly once.
 */
import type { ValidationConfig } from "../config/settings.ts";
import { HeartbeatEventSchema, SCHEMA_VERSIONS } from "../contract/mod.ts";
import { describeValue, quote } from "./_describe.ts";
import { reportIssues } from "./_schema_issues.ts";
import { invalid, type RecordBytes, type Verdict } from "./verdict.ts";
import { fastParseReading } from "./_fast_path.ts";

// One decoder for the process: `fatal` makes bad UTF-8 an error instead of U+FFFD.
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
// Only used to quote a bad key in a message.
const lenientUtf8 = new TextDecoder("utf-8");
const SUPPORTED_VERSIONS: ReadonlySet<unknown> = new Set(SCHEMA_VERSIONS);
const EXPECTED_VERSIONS = SCHEMA_VERSIONS.join(" or ");

/**
 * Checks one record and returns the reading, or the first problem found, in this order:
 * PAYLOAD_TOO_LARGE (value above `config.maxMessageBytes`), EMPTY_PAYLOAD, INVALID_UTF8,
 * INVALID_JSON, NOT_AN_OBJECT, UNSUPPORTED_SCHEMA_VERSION (missing or neither 1 nor 2,
 * checked before the fields since other versions define other fields), MISSING_FIELD,
 * UNKNOWN_FIELD (e.g. `rr_intervals_ms` in a version 1 reading), WRONG_TYPE (including a
 * malformed `rr_intervals_ms`), HEART_RATE_OUT_OF_RANGE (`heartRateMin..heartRateMax`,
 * inclusive), EVENT_TIME_IN_FUTURE (beyond `nowMs + maxFutureMs`), EVENT_TIME_TOO_OLD
 * (before `nowMs - maxAgeMs`; by default 30 days, since devices sync late), MISSING_KEY and
 * KEY_MISMATCH (the key, as UTF-8, must equal customer_id). `nowMs` is the caller's clock
 * in ms since the epoch. It never throws, whatever the bytes. A valid version 2 reading
 * that carries beat-to-beat intervals also gets them as `rrIntervalsMs`.
 */
export function validateRecord(
  record: RecordBytes,
  config: ValidationConfig,
  nowMs: number,
): Verdict {
  return validate(record, config, nowMs, true);
}

/**
 * The same verdicts computed with zod alone (no fast path): the reference the differential
 * test compares {@link validateRecord} with. Not for production use (slower).
 */
export function validateRecordReference(
  record: RecordBytes,
  config: ValidationConfig,
  nowMs: number,
): Verdict {
  return validate(record, config, nowMs, false);
}

function validate(
  record: RecordBytes,
  config: ValidationConfig,
  nowMs: number,
  fastPath: boolean,
): Verdict {
  const { key, value } = record;
  if (value !== null && value.byteLength > config.maxMessageBytes) {
    return invalid(
      "PAYLOAD_TOO_LARGE",
      `value is ${value.byteLength} bytes, above the ${config.maxMessageBytes}-byte limit`,
    );
  }
  if (value === null) return invalid("EMPTY_PAYLOAD", "value is null (a tombstone)");
  if (value.byteLength === 0) return invalid("EMPTY_PAYLOAD", "value is empty (0 bytes)");

  let text: string;
  try {
    text = strictUtf8.decode(value);
  } catch {
    return invalid("INVALID_UTF8", `value (${value.byteLength} bytes) is not valid UTF-8`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return invalid("INVALID_JSON", `value is not valid JSON: ${clip(detail, 100)}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return invalid("NOT_AN_OBJECT", `value must be a JSON object, got ${describeValue(parsed)}`);
  }
  const object = parsed as Record<string, unknown>;
  const version = Object.hasOwn(object, "schema_version") ? object.schema_version : undefined;
  if (!SUPPORTED_VERSIONS.has(version)) {
    return invalid(
      "UNSUPPORTED_SCHEMA_VERSION",
      version === undefined
        ? `schema_version is missing, expected ${EXPECTED_VERSIONS}`
        : `schema_version ${
          describeValue(version)
        } is not supported, expected ${EXPECTED_VERSIONS}`,
    );
  }

  const { heartRateMin, heartRateMax } = config;
  let event = fastPath ? fastParseReading(object) : undefined;
  if (event === undefined) {
    const result = HeartbeatEventSchema.safeParse(object);
    if (!result.success) {
      return reportIssues(result.error.issues, object, `${heartRateMin}..${heartRateMax}`);
    }
    event = result.data;
  }
  const eventTimeMs = Date.parse(event.event_time);
  if (Number.isNaN(eventTimeMs)) {
    // The schema's pattern admits a few strings Date cannot place (none known today).
    return invalid(
      "WRONG_TYPE",
      `field "event_time" must be an RFC 3339 UTC timestamp, got ${
        describeValue(event.event_time)
      }`,
    );
  }
  if (event.heart_rate < heartRateMin || event.heart_rate > heartRateMax) {
    return invalid(
      "HEART_RATE_OUT_OF_RANGE",
      `heart_rate ${event.heart_rate} is outside ${heartRateMin}..${heartRateMax}`,
    );
  }
  if (eventTimeMs > nowMs + config.maxFutureMs) {
    return invalid(
      "EVENT_TIME_IN_FUTURE",
      `event_time ${quote(event.event_time)} is ${seconds(eventTimeMs - nowMs)} s ahead of now, ` +
        `above the ${seconds(config.maxFutureMs)} s limit`,
    );
  }
  if (eventTimeMs < nowMs - config.maxAgeMs) {
    return invalid(
      "EVENT_TIME_TOO_OLD",
      `event_time ${quote(event.event_time)} is ${hours(nowMs - eventTimeMs)} h old, ` +
        `above the ${hours(config.maxAgeMs)} h limit`,
    );
  }
  if (key === null || key.byteLength === 0) {
    return invalid(
      "MISSING_KEY",
      `record has no key; expected customer_id ${quote(event.customer_id)}`,
    );
  }
  if (!keyEquals(key, event.customer_id)) {
    return invalid(
      "KEY_MISMATCH",
      `key ${quote(lenientUtf8.decode(key.subarray(0, 256)))} does not match customer_id ` +
        quote(event.customer_id),
    );
  }
  if (event.schema_version === 2 && event.rr_intervals_ms !== undefined) {
    return { valid: true, event, eventTimeMs, rrIntervalsMs: event.rr_intervals_ms };
  }
  return { valid: true, event, eventTimeMs };
}

/**
 * Compares key bytes with a customer id without decoding: the schema allows only
 * printable ASCII in customer ids, where a UTF-8 byte and a UTF-16 unit are the same number.
 */
function keyEquals(key: Uint8Array, customerId: string): boolean {
  if (key.byteLength !== customerId.length) return false;
  for (let i = 0; i < key.byteLength; i++) {
    if (key[i] !== customerId.charCodeAt(i)) return false;
  }
  return true;
}

function clip(text: string, maxChars: number): string {
  return text.length > maxChars ? text.slice(0, maxChars) + "…" : text;
}

// Exact to the millisecond, so "300.001 s" never reads as the 300 s limit itself.
function seconds(ms: number): string {
  return String(ms / 1000);
}

function hours(ms: number): string {
  return String(Math.floor(ms / 360_000) / 10);
}
