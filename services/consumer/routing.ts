/**
 * Builds the messages for `events.invalid.v1` and `events.dlq.v1` (pure). Each carries the
 * source record's exact bytes and provenance, so it can be inspected and replayed; its key
 * is the source key, or `<topic>/<partition>/<offset>` when the source had none.
 */
import { encodeBase64 } from "../../shared/encoding/base64.ts";
import type { DlqEvent, InvalidEvent, Provenance, ReasonCode } from "../../shared/contract/mod.ts";
import type { RawRecord } from "../../shared/kafka/mod.ts";

/** A message ready to produce. */
export interface OutboundMessage {
  readonly key: string | Uint8Array;
  readonly value: string;
}

/** Provenance of a source record. */
export function provenanceOf(topic: string, partition: number, record: RawRecord): Provenance {
  return {
    topic,
    partition,
    offset: record.offset.toString(),
    timestamp: new Date(Number.isFinite(record.timestampMs) ? record.timestampMs : 0).toISOString(),
    key_b64: record.key ? encodeBase64(record.key) : null,
    value_b64: record.value ? encodeBase64(record.value) : null,
  };
}

function keyOf(topic: string, partition: number, record: RawRecord): string | Uint8Array {
  return record.key && record.key.length > 0
    ? record.key
    : `${topic}/${partition}/${record.offset}`;
}

/** The invalid-topic message for a record that failed validation. */
export function invalidMessage(
  source: { topic: string; partition: number; record: RawRecord },
  reason: ReasonCode,
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
