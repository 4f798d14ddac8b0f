/**
 * Decodes an `alerts.v1` record (pure): the bytes against the wire format of
 * `shared/contract/alert_event.ts`, and the key against the customer. A record that is not
 * our contract becomes a verdict with a reason code of the invalid topic
 * (`INVALID_REASON_CODES`), the same codes the DB writer uses, so dashboards and the
 * redrive tool read both alike.
 */
import { AlertEventSchema } from "../../shared/contract/alert_event.ts";
import type { AlertEvent } from "../../shared/contract/alert_event.ts";
import type { InvalidReasonCode } from "../../shared/contract/mod.ts";

/** The decoded transition, or why the record is not one. */
export type AlertVerdict =
  | { readonly ok: true; readonly event: AlertEvent }
  | { readonly ok: false; readonly reason: InvalidReasonCode; readonly message: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Checks, in order: a value is present; it is UTF-8, JSON, an object, of schema_version 1;
 * it matches the schema (a missing field first, then an unknown one, then a wrong type);
 * and the record's key is its customer_id (the topic's per-customer order relies on it).
 */
export function decodeAlertRecord(
  record: { readonly key: Uint8Array | null; readonly value: Uint8Array | null },
): AlertVerdict {
  if (record.value === null || record.value.length === 0) {
    return invalid("EMPTY_PAYLOAD", "the record has no value");
  }
  let text: string;
  try {
    text = utf8.decode(record.value);
  } catch {
    return invalid("INVALID_UTF8", "the value is not UTF-8");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return invalid("INVALID_JSON", `the value is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return invalid("NOT_AN_OBJECT", `the value is JSON but not an object`);
  }
  const object = parsed as Record<string, unknown>;
  if (object.schema_version !== 1) {
    return invalid(
      "UNSUPPORTED_SCHEMA_VERSION",
      `schema_version must be 1, got ${short(JSON.stringify(object.schema_version) ?? "none")}`,
    );
  }
  const result = AlertEventSchema.safeParse(object);
  if (!result.success) {
    const missing: string[] = [];
    const unknown: string[] = [];
    const wrong: string[] = [];
    for (const issue of result.error.issues) {
      if (issue.code === "unrecognized_keys") unknown.push(...issue.keys);
      else if (typeof issue.path[0] !== "string") wrong.push(issue.message);
      else if (!Object.hasOwn(object, issue.path[0])) missing.push(issue.path[0]);
      else wrong.push(`${issue.path.join(".")}: ${issue.message}`);
    }
    if (missing.length > 0) return invalid("MISSING_FIELD", `missing ${names(missing)}`);
    if (unknown.length > 0) return invalid("UNKNOWN_FIELD", `unknown ${names(unknown)}`);
    return invalid("WRONG_TYPE", short(wrong.join("; "), 200));
  }
  const event = result.data;
  if (record.key === null || record.key.length === 0) {
    return invalid("MISSING_KEY", `the record has no key (expected ${short(event.customer_id)})`);
  }
  const key = new TextDecoder().decode(record.key);
  if (key !== event.customer_id) {
    return invalid(
      "KEY_MISMATCH",
      `key ${short(key)} differs from customer_id ${short(event.customer_id)}`,
    );
  }
  return { ok: true, event };
}

function invalid(reason: InvalidReasonCode, message: string): AlertVerdict {
  return { ok: false, reason, message };
}

function names(list: readonly string[]): string {
  const shown = list.slice(0, 3).map((n) => JSON.stringify(short(n))).join(", ");
  const more = list.length > 3 ? ` and ${list.length - 3} more` : "";
  return `field${list.length > 1 ? "s" : ""} ${shown}${more}`;
}

function short(text: string, max = 64): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
