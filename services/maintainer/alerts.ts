/**
 * Retention of alerts (migration 0005): resolved alerts whose resolution is older than
 * ANOMALY_RETENTION_DAYS go, with their transitions. Alerts are one row per episode, so
 * rows are deleted (through the migrator's SECURITY DEFINER function: the maintainer role
 * deletes nothing directly) rather than partitions dropped; an index on resolved_at keeps
 * it a range scan. Open alerts are never deleted, however old.
 */
import type { Sql } from "../../shared/db/mod.ts";

/** Deletes the resolved alerts that resolved before `before`; returns how many. */
export async function deleteResolvedAlerts(sql: Sql, before: Date): Promise<number> {
  const [row] = await sql<{ deleted: number }[]>`
    select alerts_delete_resolved(${before})::int as deleted`;
  return row?.deleted ?? 0;
}
