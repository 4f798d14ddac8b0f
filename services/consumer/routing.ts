/**
 * Builds the messages for `events.invalid.v1` and `events.dlq.v1` (pure). Each carries the
 * source record's exact bytes and provenance, so it can be inspected and replayed; its key
 * is the source key, or `<topic>/<partition>/<offset>` when the source had none.
 */
import { encodeBase64 } from "../../shared/encoding/base64.ts";
import type {
  DlqEvent,
  InvalidEvent,
  InvalidReasonCode,
  Provenance,
} from "../../shared/contract/mod.ts";
import type { RawRecord } from "../../shared/kafka/mod.ts";

/** A message ready to produce. */
export interface OutboundMessage {
  readonly key: string | Uint8Array;
  readonly value: string;
}

/**
 * Largest part of a source value a routed message carries. A routed message must fit the
 * broker's 1 MB limit with base64 (×4/3) and JSON around it; a larger one is refused as a
 * fatal error, which would block its partition forever (found by the fuzz test).
 */
export const ROUTED_VALUE_MAX_BYTES = 64 * 1024;
/** Largest part of a source key a routed message carries (and uses as its own key). */
export const ROUTED_KEY_MAX_BYTES = 1024;

/** Provenance of a source record, with key and value capped (see the limits above). */
export function provenanceOf(topic: string, partition: number, record: RawRecord): Provenance {
  const value = record.value ?? null;
  return {
    topic,
    partition,
    offset: record.offset.toString(),
    timestamp: new Date(Number.isFinite(record.timestampMs) ? record.timestampMs : 0).toISOString(),
    key_b64: record.key ? encodeBase64(record.key.subarray(0, ROUTED_KEY_MAX_BYTES)) : null,
    key_truncated: (record.key?.length ?? 0) > ROUTED_KEY_MAX_BYTES,
    value_b64: value ? encodeBase64(value.subarray(0, ROUTED_VALUE_MAX_BYTES)) : null,
    value_size: value?.length ?? 0,
    value_truncated: (value?.length ?? 0) > ROUTED_VALUE_MAX_BYTES,
  };
}

function keyOf(topic: string, partition: number, record: RawRecord): string | Uint8Array {
  const usable = record.key !== null && record.key.length > 0 &&
    record.key.length <= ROUTED_KEY_MAX_BYTES;
  return usable ? record.key! : `${topic}/${partition}/${record.offset}`;
}

/** The invalid-topic message for a record that failed validation. */
export function invalidMessage(
  source: { topic: string; partition: number; record: RawRecord },
  reason: InvalidReasonCode,
  message: string,
  group: string,
  now: Date,
): OutboundMessage {
  const event: InvalidEvent = {
    schema_version: 1,
    reason_code: reason,
    message,
    source: provenanceOf(source.topic, source.partition, source.record),
    consumer_group: group,
    detected_at: now.toISOString(),
  };
  return {
    key: keyOf(source.topic, source.partition, source.record),
    value: JSON.stringify(event),
  };
}

/** The dead-letter message for a record whose processing failed `attempts` times. */
export function dlqMessage(
  source: { topic: string; partition: number; record: RawRecord },
  error: { name: string; message: string; code?: string },
  attempts: number,
  group: string,
  now: Date,
): OutboundMessage {
  const event: DlqEvent = {
    schema_version: 1,
    error,
    attempts,
    source: provenanceOf(source.topic, source.partition, source.record),
    consumer_group: group,
    failed_at: now.toISOString(),
  };
  return {
    key: keyOf(source.topic, source.partition, source.record),
    value: JSON.stringify(event),
  };
}
