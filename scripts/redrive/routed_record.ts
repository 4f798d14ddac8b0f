/**
 * Reads a message of the invalid or dead-letter topic back into the record it was routed
 * for (pure). Wire format (`shared/contract`, built by `services/consumer/routing.ts`):
 *
 * ```json
 * {"schema_version": 1, "reason_code": "HEART_RATE_OUT_OF_RANGE", …,        // invalid
 *  "error": {"name": "PostgresError", "code": "22021", …}, "attempts": 3, …,  // dlq
 *  "source": {"topic": "events.raw.v1", "partition": 5, "offset": "123",
 *             "key_b64": "Y3VzdC0x", "key_truncated": false,
 *             "value_b64": "eyJldmVudF9pZCI6…", "value_size": 142, "value_truncated": false}}
 * ```
 *
 * UTF-8 JSON. The original key and value sit in `source` as standard base64 of the exact
 * bytes (`null` when the record had none), cut to their first 1 KiB / 64 KiB with
 * `key_truncated` / `value_truncated` set. The routed message's own Kafka key is not the
 * original key when that was missing or too long, so the original comes from `source` only.
 */
import { DlqEventSchema, InvalidEventSchema, type Provenance } from "../../shared/contract/mod.ts";
import { decodeBase64 } from "../../shared/encoding/base64.ts";

/** Which routed topic a message comes from. */
export type RoutedKind = "invalid" | "dlq";

/** A routed message, read back. */
export interface RoutedRecord {
  /**
   * Why it was routed: the invalid topic's `reason_code`; for the DLQ the error's `code`
   * (e.g. the SQLSTATE `22021`), or its `name` when it had none — as `routed_records`.
   */
  readonly reason: string;
  /** Where the original record was and what it held. */
  readonly source: Provenance;
}

/** A routed message read back, or why it could not be. */
export type DecodeResult =
  | { readonly ok: true; readonly record: RoutedRecord }
  | { readonly ok: false; readonly problem: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });
const lenientUtf8 = new TextDecoder();

/** Reads a routed message's value per the contract of its topic. */
export function decodeRouted(kind: RoutedKind, value: Uint8Array | null): DecodeResult {
  if (value === null || value.length === 0) return { ok: false, problem: "no value" };
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(value));
  } catch {
    return { ok: false, problem: "not UTF-8 JSON" };
  }
  const record = kind === "invalid" ? invalidRecord(json) : dlqRecord(json);
  if (!record) {
    return { ok: false, problem: `not ${kind === "invalid" ? "an InvalidEvent" : "a DlqEvent"}` };
  }
  if (!isBase64(record.source.key_b64) || !isBase64(record.source.value_b64)) {
    return { ok: false, problem: "source.key_b64 or source.value_b64 is not base64" };
  }
  return { ok: true, record };
}

function invalidRecord(json: unknown): RoutedRecord | undefined {
  const parsed = InvalidEventSchema.safeParse(json);
  return parsed.success
    ? { reason: parsed.data.reason_code, source: parsed.data.source }
    : undefined;
}

function dlqRecord(json: unknown): RoutedRecord | undefined {
  const parsed = DlqEventSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { error, source } = parsed.data;
  return { reason: error.code ?? error.name, source };
}

function isBase64(text: string | null): boolean {
  return text === null || (text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text));
}

/** Why an original record cannot be republished as it was. */
export type UnrecoverableReason = "VALUE_TRUNCATED" | "KEY_TRUNCATED" | "NO_VALUE";

/** The original record's exact bytes, or why the routed message does not hold them. */
export type OriginalResult =
  | { readonly ok: true; readonly key: Uint8Array | null; readonly value: Uint8Array }
  | { readonly ok: false; readonly reason: UnrecoverableReason };

/**
 * The original key and value, byte for byte. A value cut at 64 KiB (or whose bytes do not
 * add up to `value_size`), a key cut at 1 KiB, and a record without a value (a tombstone
 * or zero bytes: invalid whatever is fixed) cannot be republished.
 */
export function originalOf(source: Provenance): OriginalResult {
  if (source.key_truncated) return { ok: false, reason: "KEY_TRUNCATED" };
  if (source.value_b64 === null || source.value_size === 0) {
    return { ok: false, reason: "NO_VALUE" };
  }
  const value = decodeBase64(source.value_b64);
  if (source.value_truncated || value.length !== source.value_size) {
    return { ok: false, reason: "VALUE_TRUNCATED" };
  }
  const key = source.key_b64 === null ? null : decodeBase64(source.key_b64);
  return { ok: true, key, value };
}

/**
 * The customers an original record names: its key as text and, when its value is a JSON
 * object, its `customer_id` (they differ for KEY_MISMATCH; a MISSING_KEY record has only
 * the latter). Unreadable parts are left out.
 */
export function customersOf(source: Provenance): string[] {
  const found: string[] = [];
  if (source.key_b64 !== null && !source.key_truncated) {
    found.push(lenientUtf8.decode(decodeBase64(source.key_b64)));
  }
  if (source.value_b64 !== null && !source.value_truncated) {
    try {
      const value: unknown = JSON.parse(utf8.decode(decodeBase64(source.value_b64)));
      const id = (value as { customer_id?: unknown } | null)?.customer_id;
      if (typeof id === "string") found.push(id);
    } catch {
      // not JSON (INVALID_JSON, INVALID_UTF8 …): only the key names the customer
    }
  }
  return found;
}
