/**
 * The detector's set-based reads and writes: per-customer rule state (loaded for the
 * customers of a batch, saved for those it changed) and anomalies (idempotent on the
 * deterministic anomaly_id). One statement each per batch.
 */
import { Buffer } from "node:buffer";
import type { AnomalyEvent } from "../../shared/contract/mod.ts";
import type { Sql, TransactionSql } from "../../shared/db/mod.ts";
import type { CustomerState } from "../../shared/rules/mod.ts";

/** What is stored for one customer: the rule engine's state and the alert engine's. */
export interface StoredState {
  readonly state: CustomerState;
  /** The alert engine's record, or null before the customer's first reading under it. */
  readonly alertState: Uint8Array | null;
}

/** Loads the stored state of these customers (missing ones have none yet). */
export async function loadStates(
  sql: Sql | TransactionSql,
  customerIds: readonly string[],
): Promise<Map<string, StoredState>> {
  const states = new Map<string, StoredState>();
  if (customerIds.length === 0) return states;
  const rows = await sql<StateRow[]>`
    select customer_id, state, alert_state from detector_state where customer_id = any(${
    sql.array(customerIds as string[])
  }::text[])`;
  for (const row of rows) states.set(row.customer_id, storedState(row));
  return states;
}

/**
 * Loads the stored state of every customer whose readings arrive on this partition of the
 * raw topic (a detector just assigned it runs their NO_DATA timers).
 */
export async function loadPartitionStates(
  sql: Sql | TransactionSql,
  partition: number,
): Promise<Map<string, StoredState>> {
  const rows = await sql<StateRow[]>`
    select customer_id, state, alert_state from detector_state
    where source_partition = ${partition}`;
  return new Map(rows.map((row) => [row.customer_id, storedState(row)]));
}

interface StateRow {
  customer_id: string;
  state: CustomerState;
  alert_state: Uint8Array | null;
}

function storedState(row: StateRow): StoredState {
  return {
    state: row.state,
    alertState: row.alert_state === null ? null : new Uint8Array(row.alert_state),
  };
}

/**
 * Saves the given states (insert or replace), each customer's rule state with its alert
 * state, and the partition their readings arrive on.
 */
export async function saveStates(
  tx: TransactionSql,
  states: ReadonlyMap<string, CustomerState>,
  alertStates: ReadonlyMap<string, Uint8Array>,
  partition: number,
): Promise<void> {
  if (states.size === 0) return;
  const ids = [...states.keys()];
  await tx`
    insert into detector_state (customer_id, state, alert_state, source_partition)
    select s.*, ${partition}::integer from unnest(
      ${tx.array(ids)}::text[],
      ${tx.array(ids.map((id) => JSON.stringify(states.get(id))))}::jsonb[],
      ${tx.array(ids.map((id) => hex(alertStates.get(id))) as string[])}::bytea[]) as s
    on conflict (customer_id) do update set state = excluded.state,
      alert_state = excluded.alert_state, source_partition = excluded.source_partition,
      updated_at = now()`;
}

/** Saves alert states only (a timer pass changed them, not the rule state). */
export async function saveAlertStates(
  tx: TransactionSql,
  alertStates: ReadonlyMap<string, Uint8Array>,
): Promise<void> {
  if (alertStates.size === 0) return;
  const ids = [...alertStates.keys()];
  await tx`
    update detector_state d set alert_state = s.alert_state, updated_at = now()
    from unnest(${tx.array(ids)}::text[],
      ${tx.array(ids.map((id) => hex(alertStates.get(id))) as string[])}::bytea[])
      as s(customer_id, alert_state)
    where d.customer_id = s.customer_id`;
}

/**
 * A bytea array element in PostgreSQL's hex format (`\x…`), or null. Encoded natively
 * (node:buffer), as postgres.js encodes a lone bytea: a batch saves one per customer.
 */
function hex(bytes: Uint8Array | undefined): string | null {
  if (bytes === undefined) return null;
  return "\\x" + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** Inserts anomalies not stored yet; returns the ones that were new. */
export async function insertAnomalies(
  tx: TransactionSql,
  anomalies: readonly AnomalyEvent[],
): Promise<Set<string>> {
  if (anomalies.length === 0) return new Set();
  const rows = await tx<{ anomaly_id: string }[]>`
    insert into anomalies (anomaly_id, event_id, customer_id, event_time, heart_rate, anomaly_type,
      severity, threshold, previous_heart_rate, detected_at)
    select * from unnest(
      ${tx.array(anomalies.map((a) => a.anomaly_id))}::uuid[],
      ${tx.array(anomalies.map((a) => a.event_id))}::uuid[],
      ${tx.array(anomalies.map((a) => a.customer_id))}::text[],
      ${tx.array(anomalies.map((a) => a.event_time))}::timestamptz[],
      ${tx.array(anomalies.map((a) => a.heart_rate))}::smallint[],
      ${tx.array(anomalies.map((a) => a.anomaly_type))}::text[],
      ${tx.array(anomalies.map((a) => a.severity))}::text[],
      ${tx.array(anomalies.map((a) => a.threshold))}::integer[],
      ${tx.array(anomalies.map((a) => a.previous_heart_rate) as number[])}::smallint[],
      ${tx.array(anomalies.map((a) => a.detected_at))}::timestamptz[])
    on conflict (anomaly_id, event_time) do nothing
    returning anomaly_id::text`;
  return new Set(rows.map((r) => r.anomaly_id));
}
