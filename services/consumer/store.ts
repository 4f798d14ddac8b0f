/**
 * The writer's two set-based writes, each one statement per batch: readings into
 * `heartbeat_events` (idempotent on customer_id + event_id) and routed records into the
 * `routed_records` ledger (idempotent on the source offset). Arrays go in as parameters
 * and come apart with `unnest`, so a batch of any size is one round trip.
 */
import type { TransactionSql } from "../../shared/db/mod.ts";

/** A validated reading with its provenance, ready to insert. */
export interface EventRow {
  readonly customerId: string;
  readonly eventId: string;
  readonly eventTime: string;
  readonly heartRate: number;
  readonly schemaVersion: number;
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly deviceId: string | null;
  readonly deviceModel: string | null;
  readonly batteryPct: number | null;
}

/** Inserts the rows not stored yet; returns how many were new. */
export async function insertEvents(tx: TransactionSql, rows: readonly EventRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await tx`
    insert into heartbeat_events (customer_id, event_id, event_time, heart_rate, schema_version,
      source_topic, source_partition, source_offset, device_id, device_model, battery_pct)
    select * from unnest(
      ${tx.array(rows.map((r) => r.customerId))}::text[],
      ${tx.array(rows.map((r) => r.eventId))}::uuid[],
      ${tx.array(rows.map((r) => r.eventTime))}::timestamptz[],
      ${tx.array(rows.map((r) => r.heartRate))}::smallint[],
      ${tx.array(rows.map((r) => r.schemaVersion))}::smallint[],
      ${tx.array(rows.map((r) => r.topic))}::text[],
      ${tx.array(rows.map((r) => r.partition))}::integer[],
      ${tx.array(rows.map((r) => r.offset.toString()))}::bigint[],
      ${tx.array(rows.map((r) => r.deviceId) as string[])}::text[],
      ${tx.array(rows.map((r) => r.deviceModel) as string[])}::text[],
      ${tx.array(rows.map((r) => r.batteryPct) as number[])}::smallint[])
    on conflict (customer_id, event_id) do nothing`;
  return result.count;
}

/** A record that did not become a row. */
export interface RoutedRow {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly destination: "invalid" | "dlq";
  readonly reasonCode: string;
  readonly message: string;
  readonly customerId: string | null;
  readonly eventId: string | null;
  readonly attempts: number;
}

/**
 * Text as PostgreSQL can store it: U+0000 is not allowed in `text` (a reason message may
 * quote a hostile value containing it — found by the fuzz test, where it blocked a whole
 * partition), so it is written as the escape `\u0000`; and a message is capped at 1,000
 * characters.
 */
export function storableText(text: string, maxChars = 1000): string {
  const escaped = text.includes("\u0000") ? text.replaceAll("\u0000", "\\u0000") : text;
  return escaped.length > maxChars ? escaped.slice(0, maxChars - 1) + "…" : escaped;
}

/** Records routed records in the ledger (a re-delivery changes nothing). */
export async function insertRouted(
  tx: TransactionSql,
  group: string,
  rows: readonly RoutedRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx`
    insert into routed_records (consumer_group, source_topic, source_partition, source_offset,
      destination, reason_code, message, customer_id, event_id, attempts)
    select ${group}, * from unnest(
      ${tx.array(rows.map((r) => r.topic))}::text[],
      ${tx.array(rows.map((r) => r.partition))}::integer[],
      ${tx.array(rows.map((r) => r.offset.toString()))}::bigint[],
      ${tx.array(rows.map((r) => r.destination))}::text[],
      ${tx.array(rows.map((r) => storableText(r.reasonCode)))}::text[],
      ${tx.array(rows.map((r) => storableText(r.message)))}::text[],
      ${
    tx.array(rows.map((r) =>
      r.customerId === null ? null : storableText(r.customerId, 200)
    ) as string[])
  }::text[],
      ${tx.array(rows.map((r) => r.eventId) as string[])}::uuid[],
      ${tx.array(rows.map((r) => r.attempts))}::integer[])
    on conflict do nothing`;
}

/** The stored version of a row that the insert skipped because its key already existed. */
export interface StoredDuplicate {
  /** Index of the incoming row in the array given to {@link findDuplicates}. */
  readonly index: number;
  readonly eventTimeMs: number;
  readonly heartRate: number;
  readonly deviceId: string | null;
  readonly deviceModel: string | null;
  readonly batteryPct: number | null;
}

/**
 * For rows whose (customer_id, event_id) is stored by another record (an earlier offset,
 * or an earlier copy in this very batch), the stored content. Rows stored from themselves
 * (same topic, partition and offset) are not duplicates. Run only when an insert skipped
 * rows, so it costs nothing on the normal path.
 */
export async function findDuplicates(
  tx: TransactionSql,
  rows: readonly EventRow[],
): Promise<StoredDuplicate[]> {
  if (rows.length === 0) return [];
  const found = await tx<
    {
      ord: string;
      event_time: Date;
      heart_rate: number;
      device_id: string | null;
      device_model: string | null;
      battery_pct: number | null;
    }[]
  >`
    select i.ord::text, s.event_time, s.heart_rate, s.device_id, s.device_model, s.battery_pct
    from unnest(
      ${tx.array(rows.map((r) => r.customerId))}::text[],
      ${tx.array(rows.map((r) => r.eventId))}::uuid[],
      ${tx.array(rows.map((r) => r.topic))}::text[],
      ${tx.array(rows.map((r) => r.partition))}::integer[],
      ${tx.array(rows.map((r) => r.offset.toString()))}::bigint[]
    ) with ordinality as i(customer_id, event_id, topic, partition, source_offset, ord)
    join heartbeat_events s on s.customer_id = i.customer_id and s.event_id = i.event_id
    where (s.source_topic, s.source_partition, s.source_offset) is distinct from (i.topic, i.partition, i.source_offset)`;
  return found.map((f) => ({
    index: Number(f.ord) - 1,
    eventTimeMs: f.event_time.getTime(),
    heartRate: f.heart_rate,
    deviceId: f.device_id,
    deviceModel: f.device_model,
    batteryPct: f.battery_pct,
  }));
}

/**
 * What differs between an incoming row and its stored version ("" when they are the same
 * reading, i.e. a harmless re-delivery). Times compare at millisecond precision.
 */
export function describeConflict(row: EventRow, stored: StoredDuplicate): string {
  const differences: string[] = [];
  if (Date.parse(row.eventTime) !== stored.eventTimeMs) {
    differences.push(`event_time ${new Date(stored.eventTimeMs).toISOString()} → ${row.eventTime}`);
  }
  if (row.heartRate !== stored.heartRate) {
    differences.push(`heart_rate ${stored.heartRate} → ${row.heartRate}`);
  }
  if (row.deviceId !== stored.deviceId) {
    differences.push(`device_id ${stored.deviceId} → ${row.deviceId}`);
  }
  if (row.deviceModel !== stored.deviceModel) {
    differences.push(`device_model ${stored.deviceModel} → ${row.deviceModel}`);
  }
  if (row.batteryPct !== stored.batteryPct) {
    differences.push(`battery_pct ${stored.batteryPct} → ${row.batteryPct}`);
  }
  return differences.join(", ");
}
