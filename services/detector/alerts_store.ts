/**
 * The detector's alert writes (migration 0005), set-based, inside the batch's transaction:
 * every transition as an `alert_transitions` row (idempotent on (alert_id, seq)), then each
 * touched alert's row brought to its latest transition. A replay writes nothing new: the
 * transitions exist, and an alert row only moves forward (`last_seq` grows).
 */
import type { AlertTransition } from "../../shared/alerts/types.ts";
import type { TransactionSql } from "../../shared/db/mod.ts";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Writes the transitions (in the order the engine emitted them) and the alerts' current
 * state; returns the keys (`alertId:seq`) of the transitions that were new.
 */
export async function writeAlertTransitions(
  tx: TransactionSql,
  transitions: readonly AlertTransition[],
  detectedAtMs: number,
): Promise<Set<string>> {
  if (transitions.length === 0) return new Set();
  // The alert row first (the transitions reference it): one row per alert with its
  // latest state in this batch, plus when it fired and resolved if that happened here.
  const latest = new Map<string, { last: AlertTransition; firedAtMs: number | null }>();
  for (const t of transitions) {
    const seen = latest.get(t.alertId);
    const firedAtMs = t.to === "firing" ? t.atMs : seen?.firedAtMs ?? null;
    if (!seen || t.seq > seen.last.seq) latest.set(t.alertId, { last: t, firedAtMs });
  }
  const rows = [...latest.values()];
  await tx`
    insert into alerts (alert_id, customer_id, rule, priority, status, flapping, opened_at,
      fired_at, resolved_at, last_seq, value, threshold, reason)
    select * from unnest(
      ${tx.array(rows.map((r) => r.last.alertId))}::uuid[],
      ${tx.array(rows.map((r) => r.last.customerId))}::text[],
      ${tx.array(rows.map((r) => r.last.rule))}::text[],
      ${tx.array(rows.map((r) => r.last.priority))}::text[],
      ${tx.array(rows.map((r) => r.last.to))}::text[],
      ${tx.array(rows.map((r) => r.last.flapping))}::boolean[],
      ${tx.array(rows.map((r) => iso(r.last.openedAtMs)))}::timestamptz[],
      ${
    tx.array(rows.map((r) => r.firedAtMs === null ? null : iso(r.firedAtMs)) as string[])
  }::timestamptz[],
      ${
    tx.array(rows.map((r) => r.last.to === "resolved" ? iso(r.last.atMs) : null) as string[])
  }::timestamptz[],
      ${tx.array(rows.map((r) => r.last.seq))}::integer[],
      ${tx.array(rows.map((r) => r.last.value) as number[])}::double precision[],
      ${tx.array(rows.map((r) => r.last.threshold) as number[])}::double precision[],
      ${tx.array(rows.map((r) => r.last.reason))}::text[])
    on conflict (alert_id) do update set
      priority = excluded.priority, status = excluded.status, flapping = excluded.flapping,
      fired_at = coalesce(alerts.fired_at, excluded.fired_at),
      resolved_at = excluded.resolved_at, last_seq = excluded.last_seq,
      value = excluded.value, threshold = excluded.threshold, reason = excluded.reason,
      updated_at = now()
    where alerts.last_seq < excluded.last_seq`;
  const detectedAt = iso(detectedAtMs);
  const inserted = await tx<{ key: string }[]>`
    insert into alert_transitions (alert_id, seq, customer_id, rule, priority, from_status,
      to_status, flapping, value, threshold, reason, opened_at, at, detected_at)
    select t.*, ${detectedAt}::timestamptz from unnest(
      ${tx.array(transitions.map((t) => t.alertId))}::uuid[],
      ${tx.array(transitions.map((t) => t.seq))}::integer[],
      ${tx.array(transitions.map((t) => t.customerId))}::text[],
      ${tx.array(transitions.map((t) => t.rule))}::text[],
      ${tx.array(transitions.map((t) => t.priority))}::text[],
      ${tx.array(transitions.map((t) => t.from) as string[])}::text[],
      ${tx.array(transitions.map((t) => t.to))}::text[],
      ${tx.array(transitions.map((t) => t.flapping))}::boolean[],
      ${tx.array(transitions.map((t) => t.value) as number[])}::double precision[],
      ${tx.array(transitions.map((t) => t.threshold) as number[])}::double precision[],
      ${tx.array(transitions.map((t) => t.reason))}::text[],
      ${tx.array(transitions.map((t) => iso(t.openedAtMs)))}::timestamptz[],
      ${tx.array(transitions.map((t) => iso(t.atMs)))}::timestamptz[]
    ) as t
    on conflict (alert_id, seq) do nothing
    returning alert_id::text || ':' || seq as key`;
  return new Set(inserted.map((r) => r.key));
}
