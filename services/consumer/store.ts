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
      ${tx.array(rows.map((r) => r.reasonCode))}::text[],
      ${tx.array(rows.map((r) => r.message))}::text[],
      ${tx.array(rows.map((r) => r.customerId) as string[])}::text[],
      ${tx.array(rows.map((r) => r.eventId) as string[])}::uuid[],
      ${tx.array(rows.map((r) => r.attempts))}::integer[])
    on conflict do nothing`;
}
