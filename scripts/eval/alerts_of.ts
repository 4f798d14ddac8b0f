/**
 * What the engine's transitions amount to, for scoring: the alerts that fired (a pending
 * alert resolved before it fired was never notified and is left out) and the notifications
 * a person would have received. Pure.
 */
import { ALERT_RULES, type AlertRule, type AlertTransition } from "../../shared/alerts/types.ts";

/** One alert that reached `firing`. */
export interface FiredAlert {
  readonly alertId: string;
  readonly customerId: string;
  readonly rule: AlertRule;
  /** Event time of its move to `firing` (the transition's `atMs`), epoch ms. */
  readonly firedAtMs: number;
  /**
   * When the engine emitted that move, on the replay's clock (event time + ingest delay),
   * epoch ms: `firedAtMs` may be back-dated (a SPIKE is stamped with its jump), this is
   * when a person could have been told.
   */
  readonly notifiedAtMs: number;
  /** Event time of its move to `resolved`, or null when still firing at the end. */
  readonly resolvedAtMs: number | null;
}

/**
 * The alerts among `transitions` that fired, in the order they fired. `emittedAtMs[k]` is
 * when transition `k` was emitted (default: its `atMs`).
 */
export function firedAlerts(
  transitions: readonly AlertTransition[],
  emittedAtMs?: readonly number[],
): FiredAlert[] {
  const open = new Map<string, { alert: FiredAlert; index: number }>();
  const fired: FiredAlert[] = [];
  for (const [k, t] of transitions.entries()) {
    if (t.to === "firing" && t.from !== "firing" && !open.has(t.alertId)) {
      const alert = {
        alertId: t.alertId,
        customerId: t.customerId,
        rule: t.rule,
        firedAtMs: t.atMs,
        notifiedAtMs: emittedAtMs?.[k] ?? t.atMs,
        resolvedAtMs: null,
      };
      open.set(t.alertId, { alert, index: fired.length });
      fired.push(alert);
    } else if (t.to === "resolved" && open.has(t.alertId)) {
      const { alert, index } = open.get(t.alertId)!;
      fired[index] = { ...alert, resolvedAtMs: t.atMs };
      open.delete(t.alertId);
    }
  }
  return fired;
}

/**
 * Notifications per rule: every move to `firing`, and every move from `firing` to
 * `resolved` (the all-clear). Pending alerts notify nobody.
 */
export function countNotifications(
  transitions: readonly AlertTransition[],
): Record<AlertRule, number> {
  const counts = Object.fromEntries(ALERT_RULES.map((r) => [r, 0])) as Record<AlertRule, number>;
  for (const t of transitions) {
    if (t.to === "firing" || (t.to === "resolved" && t.from === "firing")) counts[t.rule]++;
  }
  return counts;
}
