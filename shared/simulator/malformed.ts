/**
 * Malformed records, each broken in exactly one way so that the reason a consumer gives
 * does not depend on the order of its checks: an out-of-range record is otherwise a
 * perfect event, a record with a wrong key has a perfect value, and so on. Each reason has
 * a few realistic variants (a truncated write, a double-encoded payload, a UTF-16 device…).
 */
import type { HeartbeatEvent, ReasonCode } from "../contract/mod.ts";
import type { ValidationLimits } from "./options.ts";
import type { Prng } from "./prng.ts";
import { encodeHeartbeatEvent, encodeUtf8 } from "./record.ts";

/** A malformed record's key and value, and how it was broken. */
export interface MalformedRecord {
  readonly key: string | null;
  readonly value: Uint8Array;
  readonly detail: string;
}

/** What malformations need besides the event they start from. */
export interface MalformContext {
  /** A different, well-formed customer id (for KEY_MISMATCH). */
  readonly otherCustomerId: string;
  readonly limits: Readonly<ValidationLimits>;
  /** The record's timestamp, epoch ms (the consumer's clock is assumed close to it). */
  readonly timestampMs: number;
}

/** Byte sequences that are not UTF-8: stray, continuation-less, truncated, overlong, surrogate. */
const BAD_UTF8: readonly (readonly number[])[] = [
  [0xff],
  [0x80],
  [0xc3, 0x28],
  [0xe2, 0x82],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
];

type Fields = Record<string, unknown>;

/**
 * Turns a valid `event` into a record the consumer must reject with `reason`, picking one
 * of the reason's variants with `prng`. Records whose reason concerns the key or the value
 * alone leave the other part intact; every field not being broken keeps its valid value.
 */
export function malformRecord(
  reason: ReasonCode,
  event: HeartbeatEvent,
  prng: Prng,
  context: MalformContext,
): MalformedRecord {
  const key = event.customer_id;
  const fields: Fields = { ...event };
  const json = (detail: string, value: unknown = fields) => ({
    key,
    value: encodeUtf8(JSON.stringify(value)),
    detail,
  });
  switch (reason) {
    case "EMPTY_PAYLOAD":
      return { key, value: new Uint8Array(0), detail: "zero-byte value" };
    case "INVALID_UTF8":
      return { key, ..._invalidUtf8(event, prng) };
    case "INVALID_JSON":
      return { key, ..._invalidJson(JSON.stringify(event), prng) };
    case "NOT_AN_OBJECT": {
      const variants = [
        () => json("a JSON array holding the event", [event]),
        () => json("a bare number", event.heart_rate),
        () => json("the event JSON encoded twice (a JSON string)", JSON.stringify(event)),
        () => json("JSON null", null),
      ];
      return variants[prng.nextInt(0, variants.length - 1)]!();
    }
    case "UNSUPPORTED_SCHEMA_VERSION":
      // Never 1 or 2: both are read (2 adds rr_intervals_ms), so neither is unsupported.
      fields.schema_version = [0, 3, 4][prng.nextInt(0, 2)];
      return json(`schema_version ${fields.schema_version}`);
    case "MISSING_FIELD": {
      const name = ["event_id", "event_time", "heart_rate"][prng.nextInt(0, 2)]!;
      delete fields[name];
      return json(`${name} missing`);
    }
    case "UNKNOWN_FIELD": {
      const [name, value] = ([
        ["spo2", 97],
        ["heartRate", event.heart_rate],
        ["notes", "after coffee"],
        ["blood_pressure", "120/80"],
      ] as const)[prng.nextInt(0, 3)]!;
      fields[name] = value;
      return json(`unknown field ${name}`);
    }
    case "WRONG_TYPE":
      return json(_wrongType(fields, event, prng));
    case "HEART_RATE_OUT_OF_RANGE": {
      const { heartRateMin: min, heartRateMax: max } = context.limits;
      fields.heart_rate = prng.nextFloat() < 0.5
        ? (min > 0 ? prng.nextInt(0, min - 1) : min - 1 - prng.nextInt(0, 9))
        : prng.nextInt(max + 1, max + 200);
      return json(`heart_rate ${fields.heart_rate} outside ${min}..${max}`);
    }
    case "EVENT_TIME_IN_FUTURE": {
      const ahead = context.limits.maxFutureMs + prng.nextInt(60_000, 3_600_000);
      fields.event_time = new Date(context.timestampMs + ahead).toISOString();
      return json(`event_time ${ahead} ms ahead of the record timestamp`);
    }
    case "EVENT_TIME_TOO_OLD": {
      const behind = context.limits.maxAgeMs + prng.nextInt(3_600_000, 86_400_000);
      fields.event_time = new Date(context.timestampMs - behind).toISOString();
      return json(`event_time ${behind} ms before the record timestamp`);
    }
    case "PAYLOAD_TOO_LARGE": {
      const text = JSON.stringify(event);
      const size = context.limits.maxMessageBytes + 1 + prng.nextInt(0, 1023);
      // Whitespace padding keeps the JSON valid: its size is its only fault.
      const padded = "{" + " ".repeat(Math.max(0, size - text.length)) + text.slice(1);
      return { key, value: encodeUtf8(padded), detail: `${padded.length} bytes` };
    }
    case "MISSING_KEY":
      return { key: null, value: encodeHeartbeatEvent(event), detail: "no record key" };
    case "KEY_MISMATCH":
      return {
        key: context.otherCustomerId,
        value: encodeHeartbeatEvent(event),
        detail: `key ${context.otherCustomerId} for ${event.customer_id}`,
      };
  }
}

function _invalidUtf8(event: HeartbeatEvent, prng: Prng): { value: Uint8Array; detail: string } {
  const variant = prng.nextInt(0, BAD_UTF8.length);
  if (variant === BAD_UTF8.length) {
    // A device writing UTF-16LE with a byte-order mark: 0xFF 0xFE is never UTF-8.
    const text = JSON.stringify(event);
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes[0] = 0xff;
    bytes[1] = 0xfe;
    for (let i = 0; i < text.length; i++) bytes[2 + i * 2] = text.charCodeAt(i);
    return { value: bytes, detail: "UTF-16LE with a byte-order mark" };
  }
  // Otherwise valid JSON whose device_id (always the last field) holds bytes that are not UTF-8.
  const text = JSON.stringify({ ...event, device_id: event.device_id ?? "dev" });
  const head = encodeUtf8(text.slice(0, -2));
  const bad = BAD_UTF8[variant]!;
  const bytes = new Uint8Array(head.length + bad.length + 2);
  bytes.set(head);
  bytes.set(bad, head.length);
  bytes.set([0x22, 0x7d], head.length + bad.length); // `"}`
  const hex = bad.map((b) => b.toString(16).padStart(2, "0")).join(" ");
  return { value: bytes, detail: `bytes ${hex} inside device_id` };
}

function _invalidJson(text: string, prng: Prng): { value: Uint8Array; detail: string } {
  switch (prng.nextInt(0, 3)) {
    case 0: {
      // Any proper prefix of an object's text is unparseable: its closing brace is missing.
      const cut = prng.nextInt(1, text.length - 1);
      return { value: encodeUtf8(text.slice(0, cut)), detail: `truncated after ${cut} bytes` };
    }
    case 1:
      return { value: encodeUtf8(text.slice(0, -1) + ",}"), detail: "trailing comma" };
    case 2:
      return { value: encodeUtf8(text.replaceAll('"', "'")), detail: "single quotes" };
    default:
      return {
        value: encodeUtf8(text.replace(/"heart_rate":\d+/, '"heart_rate":NaN')),
        detail: "heart_rate NaN",
      };
  }
}

function _wrongType(fields: Fields, event: HeartbeatEvent, prng: Prng): string {
  switch (prng.nextInt(0, 4)) {
    case 0:
      fields.heart_rate = String(event.heart_rate);
      return "heart_rate as a string";
    case 1:
      fields.heart_rate = event.heart_rate + 0.5;
      return "heart_rate not a whole number";
    case 2:
      fields.event_id = event.event_id.replaceAll("-", "").slice(0, 12);
      return "event_id not a UUID";
    case 3:
      fields.event_time = Date.parse(event.event_time);
      return "event_time as epoch milliseconds";
    default:
      fields.device_id = Number(event.customer_id.replace(/\D/g, "")) || 1;
      return "device_id as a number";
  }
}
