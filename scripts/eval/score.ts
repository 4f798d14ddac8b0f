/**
 * Scoring: the alerts a replay fired against the episodes the labels expect. Pure.
 *
 * - An alert is *right* when it fired within an episode (required or tolerated) that
 *   accepts its rule, extended by the rule's {@link TOLERANCES}: judged when it notified.
 * - An alert *detects* an episode that accepts its rule when it fired within it (extended
 *   by the tolerances), or when it is right and was still firing at the episode's
 *   extended start: an alert kept firing by hysteresis or flapping across adjacent
 *   episodes covers them, while one that fired on nothing (an artifact) and stays firing
 *   covers nothing.
 * - Recall, per rule: required episodes of the rule detected by at least one alert.
 * - Coverage, per rule: required episodes during which any alert of an accepted rule was
 *   firing (extended by the tolerances), whatever it fired on: recall's upper bound.
 * - Precision, per rule: fired alerts of the rule that are right.
 * - False alerts per customer-hour: alerts that are not right and fired outside every
 *   labelled episode, over the hours of observation outside every labelled episode.
 * - Delay: for each detected required episode, the first detecting alert's firing event
 *   time (its transition's `atMs`) minus the episode's start, 0 when it was already
 *   firing; median and p95.
 * - Told after: the same, but from when the engine *emitted* that move (on the replay's
 *   clock: event time + ingest delay), which includes the engine's reorder hold and the
 *   transport; a rule may stamp `atMs` earlier than it can know (SPIKE: the jump).
 */
import { ALERT_RULES, type AlertRule } from "../../shared/alerts/types.ts";
import type { ExpectedEpisode } from "./series.ts";
import type { FiredAlert } from "./alerts_of.ts";
import { coveredMs, quantile, ratio } from "./_stats.ts";

/** How far outside an episode an alert may be firing and still match it, ms. */
export interface Tolerance {
  readonly beforeMs: number;
  readonly afterMs: number;
}

/**
 * Per rule. Rate rules confirm over a 10 s window ("8 of the last 10 s"), so an alert for
 * a short episode may fire just after its end (15 s), and up to a window before a label
 * that asks for 10 contiguous seconds (10 s); EXTREME_* fire within seconds (5 s);
 * NO_DATA fires inside the gap (readings resuming end it); IRREGULAR_RHYTHM needs a run of
 * beats (30 s); BASELINE_SHIFT compares long windows (120 s). Otherwise a few seconds
 * before the start absorb labels placed on whole seconds.
 */
export const TOLERANCES: Readonly<Record<AlertRule, Tolerance>> = {
  EXTREME_LOW: { beforeMs: 2_000, afterMs: 5_000 },
  EXTREME_HIGH: { beforeMs: 2_000, afterMs: 5_000 },
  LOW: { beforeMs: 10_000, afterMs: 15_000 },
  HIGH: { beforeMs: 10_000, afterMs: 15_000 },
  SPIKE: { beforeMs: 3_000, afterMs: 15_000 },
  NO_DATA: { beforeMs: 0, afterMs: 5_000 },
  IRREGULAR_RHYTHM: { beforeMs: 10_000, afterMs: 30_000 },
  BASELINE_SHIFT: { beforeMs: 0, afterMs: 120_000 },
};

/** One customer's time under observation. */
export interface ObservedSpan {
  readonly customerId: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** The figures of one rule. Ratios are null when there is nothing to divide by. */
export interface RuleScore {
  readonly episodes: number;
  readonly detected: number;
  /** Required episodes during which an alert of an accepted rule was firing. */
  readonly covered: number;
  readonly alerts: number;
  readonly correctAlerts: number;
  /** Alerts that were not right and fired outside every labelled episode. */
  readonly falseAlerts: number;
  readonly recall: number | null;
  readonly coverage: number | null;
  readonly precision: number | null;
  readonly falseAlertsPerHour: number | null;
  readonly delayMedianS: number | null;
  readonly delayP95S: number | null;
  /** Detection delays of the detected episodes, ascending, ms. */
  readonly delaysMs: readonly number[];
  /** From each detected episode's start to its notification, ascending, ms. */
  readonly toldMs: readonly number[];
  readonly toldMedianS: number | null;
  readonly toldP95S: number | null;
}

/** Every rule's figures, plus the hours they were measured over. */
export interface Scores {
  readonly rules: Readonly<Record<AlertRule, RuleScore>>;
  readonly observedHours: number;
  /** Observed hours outside every labelled episode. */
  readonly normalHours: number;
}

/** Scores `alerts` against `episodes` over the observed `spans` (see the module doc). */
export function scoreAlerts(
  spans: readonly ObservedSpan[],
  episodes: readonly ExpectedEpisode[],
  alerts: readonly FiredAlert[],
  tolerances: Readonly<Record<AlertRule, Tolerance>> = TOLERANCES,
): Scores {
  const episodesOf = _byCustomer(episodes);
  const alertsOf = _byCustomer(alerts);
  let observedMs = 0;
  let normalMs = 0;
  for (const span of spans) {
    observedMs += span.endMs - span.startMs;
    const labelled = coveredMs(episodesOf.get(span.customerId) ?? [], span.startMs, span.endMs);
    normalMs += span.endMs - span.startMs - labelled;
  }
  const rightFor = (a: FiredAlert, e: ExpectedEpisode) => {
    const t = tolerances[a.rule];
    return e.accepts.includes(a.rule) && a.firedAtMs <= e.endMs + t.afterMs &&
      a.firedAtMs >= e.startMs - t.beforeMs;
  };
  const right = new Set(
    alerts.filter((a) => (episodesOf.get(a.customerId) ?? []).some((e) => rightFor(a, e))),
  );
  const overlaps = (a: FiredAlert, e: ExpectedEpisode) => {
    const t = tolerances[a.rule];
    return e.accepts.includes(a.rule) && a.firedAtMs <= e.endMs + t.afterMs &&
      (a.resolvedAtMs ?? Infinity) >= e.startMs - t.beforeMs;
  };
  const detects = (a: FiredAlert, e: ExpectedEpisode) =>
    rightFor(a, e) || (right.has(a) && overlaps(a, e));
  const rules = {} as Record<AlertRule, RuleScore>;
  for (const rule of ALERT_RULES) {
    const delaysMs: number[] = [];
    const toldMs: number[] = [];
    let count = 0;
    let covered = 0;
    for (const e of episodes) {
      if (!e.required || e.rule !== rule) continue;
      count++;
      const own = alertsOf.get(e.customerId) ?? [];
      if (own.some((a) => overlaps(a, e))) covered++;
      const found = own.filter((a) => detects(a, e));
      if (found.length === 0) continue;
      const first = Math.min(...found.map((a) => a.firedAtMs));
      delaysMs.push(Math.max(0, first - e.startMs));
      const told = Math.min(...found.map((a) => a.notifiedAtMs));
      toldMs.push(Math.max(0, told - e.startMs));
    }
    let fired = 0;
    let correct = 0;
    let falseAlerts = 0;
    for (const a of alerts) {
      if (a.rule !== rule) continue;
      fired++;
      const own = episodesOf.get(a.customerId) ?? [];
      if (right.has(a)) correct++;
      else if (!own.some((e) => a.firedAtMs >= e.startMs && a.firedAtMs < e.endMs)) falseAlerts++;
    }
    delaysMs.sort((a, b) => a - b);
    toldMs.sort((a, b) => a - b);
    const seconds = (ms: number | null) => ms === null ? null : ms / 1000;
    rules[rule] = {
      episodes: count,
      detected: delaysMs.length,
      covered,
      alerts: fired,
      correctAlerts: correct,
      falseAlerts,
      recall: ratio(delaysMs.length, count),
      coverage: ratio(covered, count),
      precision: ratio(correct, fired),
      falseAlertsPerHour: ratio(falseAlerts, normalMs / 3_600_000),
      delayMedianS: seconds(quantile(delaysMs, 0.5)),
      delayP95S: seconds(quantile(delaysMs, 0.95)),
      delaysMs,
      toldMs,
      toldMedianS: seconds(quantile(toldMs, 0.5)),
      toldP95S: seconds(quantile(toldMs, 0.95)),
    };
  }
  return { rules, observedHours: observedMs / 3_600_000, normalHours: normalMs / 3_600_000 };
}

function _byCustomer<T extends { readonly customerId: string }>(items: readonly T[]) {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.customerId);
    if (group) group.push(item);
    else groups.set(item.customerId, [item]);
  }
  return groups;
}
