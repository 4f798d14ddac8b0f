/**
 * Fixtures for the redrive tests (unit and integration): original records, and the routed
 * messages the consumer makes of them — built by the consumer's own `routing.ts`, so the
 * tests follow the wire format wherever it goes.
 */
import { dlqMessage, invalidMessage } from "../../services/consumer/routing.ts";
import type { InvalidReasonCode } from "../../shared/contract/mod.ts";

/** When the fixtures' records were routed: 2026-11-24T12:00:00Z. */
export const ROUTED_AT_MS = Date.parse("2026-11-24T12:00:00Z");

/** An original raw record. */
export interface Original {
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
}

const encoder = new TextEncoder();

/** A reading of `customer` as the producer writes it, keyed by the customer (or `key`). */
export function reading(
  customer: string,
  heartRate = 300,
  key: string | null = customer,
): Original {
  const value = JSON.stringify({
    event_id: crypto.randomUUID(),
    customer_id: customer,
    event_time: "2026-11-24T11:59:00.250Z",
    heart_rate: heartRate,
    schema_version: 1,
  });
  return { key: key === null ? null : encoder.encode(key), value: encoder.encode(value) };
}

/** Where a routed record came from. */
export interface SourceAt {
  readonly offset: bigint;
  readonly partition?: number;
  readonly topic?: string;
  /** When it was routed (detected_at / failed_at); {@link ROUTED_AT_MS} by default. */
  readonly routedAtMs?: number;
}

function source(original: Original, at: SourceAt) {
  return {
    topic: at.topic ?? "events.raw.v1",
    partition: at.partition ?? 0,
    record: { ...original, offset: at.offset, timestampMs: (at.routedAtMs ?? ROUTED_AT_MS) - 50 },
  };
}

/** The invalid-topic message the consumer routes `original` as. */
export function routedInvalid(original: Original, reason: InvalidReasonCode, at: SourceAt) {
  const now = new Date(at.routedAtMs ?? ROUTED_AT_MS);
  return invalidMessage(source(original, at), reason, `test: ${reason}`, "heartbeat-writer", now);
}

/** The dead-letter message the consumer routes `original` as, for an error with `code`. */
export function routedDlq(original: Original, code: string | undefined, at: SourceAt) {
  const error = { name: "PostgresError", message: "test", ...(code ? { code } : {}) };
  const now = new Date(at.routedAtMs ?? ROUTED_AT_MS);
  return dlqMessage(source(original, at), error, 3, "heartbeat-writer", now);
}
