/**
 * The writer's set-based writes, each one statement per batch: readings into
 * `heartbeat_events` (idempotent, see {@link insertEvents}), routed records into the
 * `routed_records` ledger (idempotent on the source offset), and the minutes whose rollups
 * the batch made stale. Arrays go in as parameters and come apart with `unnest`, so a
 * batch of any size is one round trip.
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

/**
 * How far apart two event times of one event id may be for the second copy to count as the
 * same event (a re-delivery, or conflicting data), rather than as a reading of its own. The
 * table's unique key is (customer_id, event_id, event_time) — a partitioned table's key
 * must contain its partition column — so a copy with another event_time is only caught by
 * looking for it, and looking costs one index probe per partition searched: within an hour
 * that is the reading's own partition (whose index pages the insert touches anyway) and, near
 * midnight, the one beside it.
 */
export const EVENT_ID_WINDOW = "1 hour";

/** The rows whose (customer_id, event_id) did not occur earlier in the same array. */
function firstCopies(rows: readonly EventRow[]): readonly EventRow[] {
  const seen = new Set<string>();
  let unique = true;
  for (const r of rows) {
    const key = `${r.customerId}\u0000${r.eventId}`;
    if (seen.has(key)) unique = false;
    seen.add(key);
  }
  if (unique) return rows;
  seen.clear();
  return rows.filter((r) => {
    const key = `${r.customerId}\u0000${r.eventId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Inserts the rows whose event is not stored yet; returns how many were new. An event is
 * stored already when a row with its customer_id and event_id exists within
 * {@link EVENT_ID_WINDOW} of its event_time (or comes earlier in `rows`): a re-delivery or
 * a conflicting copy, which {@link findDuplicates} tells apart.
 */
export async function insertEvents(
  tx: TransactionSql,
  allRows: readonly EventRow[],
): Promise<number> {
  const rows = firstCopies(allRows);
  if (rows.length === 0) return 0;
  const result = await tx`
    insert into heartbeat_events (customer_id, event_id, event_time, heart_rate, schema_version,
      source_topic, source_partition, source_offset, device_id, device_model, battery_pct)
    select i.* from unnest(
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
      ${tx.array(rows.map((r) => r.batteryPct) as number[])}::smallint[]
    ) as i(customer_id, event_id, event_time, heart_rate, schema_version, source_topic,
      source_partition, source_offset, device_id, device_model, battery_pct)
    -- LATERAL + LIMIT 1: one index probe per row, in the partitions the window prunes to.
    left join lateral (
      select true as hit from heartbeat_events s
      where s.customer_id = i.customer_id and s.event_id = i.event_id
        and s.event_time between i.event_time - ${EVENT_ID_WINDOW}::interval
                             and i.event_time + ${EVENT_ID_WINDOW}::interval
      limit 1
    ) stored on true
    where stored.hit is null
    on conflict (customer_id, event_id, event_time) do nothing`;
  return result.count;
}

/**
 * Marks the minutes these rows fall in as changed for this Kafka partition, so the
 * maintainer recomputes their rollups (one small row per minute and partition: batches of
 * different partitions never wait for each other). Minutes go in sorted, so two
 * transactions lock shared rows in the same order.
 */
export async function markRollupMinutes(
  tx: TransactionSql,
  partition: number,
  rows: readonly EventRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const minutes = new Set<number>();
  for (const r of rows) minutes.add(Math.floor(Date.parse(r.eventTime) / 60_000) * 60_000);
  const sorted = [...minutes].sort((a, b) => a - b).map((m) => new Date(m).toISOString());
  await tx`
    insert into heartbeat_rollup_pending (minute, source_partition)
    select m, ${partition} from unnest(${tx.array(sorted)}::timestamptz[]) as m
    on conflict (minute, source_partition) do update
      set version = heartbeat_rollup_pending.version + 1, marked_at = now()`;
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
 * For rows whose (customer_id, event_id) is stored within {@link EVENT_ID_WINDOW} of their
 * event_time by another record (an earlier offset, or an earlier copy in this very batch),
 * the stored content. Rows stored from themselves (same topic, partition and offset) are
 * not duplicates. Run only when an insert skipped rows, so it costs nothing on the normal
 * path.
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
      ${tx.array(rows.map((r) => r.offset.toString()))}::bigint[],
      ${tx.array(rows.map((r) => r.eventTime))}::timestamptz[]
    ) with ordinality as i(customer_id, event_id, topic, partition, source_offset, event_time, ord)
    join heartbeat_events s on s.customer_id = i.customer_id and s.event_id = i.event_id
      and s.event_time between i.event_time - ${EVENT_ID_WINDOW}::interval
                           and i.event_time + ${EVENT_ID_WINDOW}::interval
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
