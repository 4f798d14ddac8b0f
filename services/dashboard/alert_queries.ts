/**
 * The dashboard's statements on `alerts` (migration 0005): the list, and the one write the
 * dashboard makes — an acknowledgement. The dashboard's sessions are read-only
 * (`readOnlySession` in queries.ts), so the acknowledgement opens a read-write transaction
 * of its own, and the role may UPDATE only the three acknowledgement columns (a
 * column-level grant: whatever the code asked, it could not change an alert's state).
 */
import type { Sql } from "../../shared/db/mod.ts";
import { QUERY_LIMITS } from "./queries.ts";

/** An alert as the dashboard shows it (times as Dates; JSON makes them ISO strings). */
export interface AlertRecord {
  readonly alertId: string;
  readonly customerId: string;
  readonly rule: string;
  readonly priority: string;
  readonly status: "pending" | "firing" | "resolved";
  readonly flapping: boolean;
  readonly openedAt: Date;
  readonly firedAt: Date | null;
  readonly resolvedAt: Date | null;
  readonly lastSeq: number;
  readonly value: number | null;
  readonly threshold: number | null;
  readonly reason: string;
  readonly updatedAt: Date;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAt: Date | null;
  readonly ackNote: string | null;
}

/** Which alerts to list: open (pending or firing), resolved, or all of them. */
export type AlertStatusFilter = "open" | "resolved" | "all";

/** The filter of {@link listAlerts}. */
export interface AlertFilter {
  readonly status: AlertStatusFilter;
  readonly rule?: string;
  readonly customerId?: string;
  readonly limit: number;
}

/** Who acknowledges, and an optional note. */
export interface Acknowledgement {
  readonly by: string;
  readonly note?: string;
}

/** What an acknowledgement did. */
export type AckResult =
  | { readonly outcome: "acknowledged"; readonly alert: AlertRecord }
  | { readonly outcome: "already_acknowledged"; readonly alert: AlertRecord }
  | { readonly outcome: "not_found" };

function columns(sql: Sql) {
  return sql`alert_id as "alertId", customer_id as "customerId", rule, priority, status,
    flapping, opened_at as "openedAt", fired_at as "firedAt", resolved_at as "resolvedAt",
    last_seq as "lastSeq", value, threshold, reason, updated_at as "updatedAt",
    acknowledged_by as "acknowledgedBy", acknowledged_at as "acknowledgedAt",
    ack_note as "ackNote"`;
}

/**
 * Alerts newest first (by the time their episode began, then id), filtered; at most
 * `limit` (capped at {@link QUERY_LIMITS.rows}). Open ones come from a partial index of the
 * open alerts, one customer's from their own index; there is no time window because
 * retention (ANOMALY_RETENTION_DAYS for resolved alerts) bounds the table and the LIMIT the
 * scan.
 */
export async function listAlerts(sql: Sql, filter: AlertFilter): Promise<AlertRecord[]> {
  const status = filter.status === "open"
    ? sql`status <> 'resolved'` // the predicate of idx_alerts_open_time, written the same way
    : filter.status === "resolved"
    ? sql`status = 'resolved'`
    : sql`true`;
  return await sql<AlertRecord[]>`
    select ${columns(sql)} from alerts
    where ${status}
      ${filter.rule === undefined ? sql`` : sql`and rule = ${filter.rule}`}
      ${filter.customerId === undefined ? sql`` : sql`and customer_id = ${filter.customerId}`}
    order by opened_at desc, alert_id desc
    limit ${Math.max(1, Math.min(Math.trunc(filter.limit), QUERY_LIMITS.rows))}`;
}

/**
 * Records that `ack.by` acknowledged the alert at `at`, unless someone did already: one
 * read-write transaction (the session default is read-only) whose UPDATE only sets the
 * acknowledgement columns of a row that has none, so two people acknowledging at once get
 * one success and one `already_acknowledged` (the second UPDATE waits for the first's row
 * lock, then finds the row taken). Any alert may be acknowledged, resolved ones included: a
 * person may take note of an alert that fired and went away overnight.
 */
export async function acknowledgeAlert(
  sql: Sql,
  alertId: string,
  ack: Acknowledgement,
  at: Date,
): Promise<AckResult> {
  return await sql.begin("read write", async (tx) => {
    const [updated] = await tx<AlertRecord[]>`
      update alerts
      set acknowledged_by = ${ack.by}, acknowledged_at = ${at}, ack_note = ${ack.note ?? null}
      where alert_id = ${alertId} and acknowledged_at is null
      returning ${columns(tx)}`;
    if (updated !== undefined) return { outcome: "acknowledged", alert: updated } as const;
    const [existing] = await tx<AlertRecord[]>`
      select ${columns(tx)} from alerts where alert_id = ${alertId}`;
    return existing === undefined
      ? { outcome: "not_found" } as const
      : { outcome: "already_acknowledged", alert: existing } as const;
  });
}
