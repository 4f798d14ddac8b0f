/** Fixtures shared by the validation tests: default config, a fixed clock, record builders. */
import { validation } from "../config/settings.ts";
import type { RecordBytes } from "./verdict.ts";

/** The default validation settings, resolved the way an entry point resolves them. */
export const config = validation.resolve(validation.env.parse({}));

/** The consumer's clock in every test: 2026-11-24T12:00:00Z. */
export const NOW_MS = Date.parse("2026-11-24T12:00:00Z");

/** A valid reading taken a minute before {@link NOW_MS}. */
export const reading = {
  event_id: "6f1c2a3b-1d2e-4f5a-8b9c-0d1e2f3a4b5c",
  customer_id: "cust-00042",
  event_time: "2026-11-24T11:59:00.250Z",
  heart_rate: 72,
  schema_version: 1,
} as const;

const encoder = new TextEncoder();

/** A record whose value is `text` as UTF-8, keyed by `key` (the customer id by default). */
export function textRecord(text: string, key: string | null = reading.customer_id): RecordBytes {
  return { key: key === null ? null : encoder.encode(key), value: encoder.encode(text) };
}

/** A record holding `value` as JSON, keyed like {@link textRecord}. */
export function jsonRecord(value: unknown, key?: string | null): RecordBytes {
  return textRecord(JSON.stringify(value), key);
}

/** The reading with some fields replaced (or removed, when given `undefined`). */
export function readingWith(changes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...reading };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete out[name];
    else out[name] = value;
  }
  return out;
}
