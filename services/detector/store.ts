/**
 * The detector's set-based reads and writes: per-customer rule state (loaded for the
 * customers of a batch, saved for those it changed) and anomalies (idempotent on the
 * deterministic anomaly_id). One statement each per batch.
 */
import type { AnomalyEvent } from "../../shared/contract/mod.ts";
import type { Sql, TransactionSql } from "../../shared/db/mod.ts";
import type { CustomerState } from "../../shared/rules/mod.ts";

/** Loads the stored state of these customers (missing ones have none yet). */
export async function loadStates(
  sql: Sql | TransactionSql,
  customerIds: readonly string[],
): Promise<Map<string, CustomerState>> {
  const states = new Map<string, CustomerState>();
  if (customerIds.length === 0) return states;
  const rows = await sql<{ customer_id: string; state: CustomerState }[]>`
    select customer_id, state from detector_state where customer_id = any(${
    sql.array(customerIds as string[])
  }::text[])`;
  for (const row of rows) states.set(row.customer_id, row.state);
  return states;
}

/** Saves the given states (insert or replace). */
export async function saveStates(
  tx: TransactionSql,
  states: ReadonlyMap<string, CustomerState>,
): Promise<void> {
  if (states.size === 0) return;
  await tx`
    insert into detector_state (customer_id, state)
    select * from unnest(${tx.array([...states.keys()])}::text[], ${
    tx.array([...states.values()].map((s) => JSON.stringify(s)))
  }::jsonb[])
    on conflict (customer_id) do update set state = excluded.state, updated_at = now()`;
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
