/**
 * Rows of `heartbeat_events` in PostgreSQL's COPY text format, for the PostgreSQL ceiling:
 * the columns the writer inserts, in its order, one line per reading. Pure.
 */
import type { HeartbeatEvent } from "../../shared/contract/mod.ts";

/** The columns each line holds, in order (the writer's INSERT list). */
export const COPY_COLUMNS = [
  "customer_id",
  "event_id",
  "event_time",
  "heart_rate",
  "schema_version",
  "source_topic",
  "source_partition",
  "source_offset",
  "device_id",
  "device_model",
  "battery_pct",
] as const;

/** Where a reading came from, as the writer records it. */
export interface RowSource {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/**
 * One COPY text line (with its newline): tab-separated, `\N` for a missing optional field,
 * backslash, tab, newline and carriage return escaped.
 */
export function copyLine(event: HeartbeatEvent, source: RowSource): string {
  const cells = [
    event.customer_id,
    event.event_id,
    event.event_time,
    event.heart_rate,
    event.schema_version,
    source.topic,
    source.partition,
    source.offset,
    event.device_id,
    event.device_model,
    event.battery_pct,
  ];
  return cells.map((c) => (c === undefined ? "\\N" : escapeCopyText(String(c)))).join("\t") +
    "\n";
}

/** Escapes the characters COPY's text format gives a meaning to. */
export function escapeCopyText(text: string): string {
  return /[\\\t\n\r]/.test(text)
    ? text.replace(
      /[\\\t\n\r]/g,
      (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]!,
    )
    : text;
}
