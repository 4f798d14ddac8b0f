/**
 * The goals (#8, "Right alerts, not alarm fatigue"), judged on an input's figures.
 * Pure. A goal whose figure does not exist (no episodes of that rule) is `null`: not judged.
 */
import type { AlertRule } from "../../shared/alerts/types.ts";
import type { EvalOutcome } from "./evaluate.ts";

/** One goal and whether it was reached. */
export interface Goal {
  readonly goal: string;
  /** The measured figure, or null when there is nothing to measure. */
  readonly value: number | null;
  readonly reached: boolean | null;
}

const RECALLED: readonly AlertRule[] = [
  "EXTREME_LOW",
  "EXTREME_HIGH",
  "LOW",
  "HIGH",
  "SPIKE",
  "NO_DATA",
  "IRREGULAR_RHYTHM",
];

/** The simulator scenarios' goals. */
export function scenarioGoals(outcome: EvalOutcome): Goal[] {
  const r = outcome.scores.rules;
  const goals: Goal[] = [];
  for (const rule of RECALLED) {
    const min = rule.startsWith("EXTREME") ? 1 : 0.99;
    goals.push(_atLeast(`${rule} episode recall ≥ ${min.toFixed(2)}`, r[rule].recall, min));
  }
  for (const rule of RECALLED) {
    goals.push(_atLeast(`${rule} precision ≥ 0.95`, r[rule].precision, 0.95));
  }
  const falseAlerts = Object.values(r).reduce((sum, s) => sum + s.falseAlerts, 0);
  const hours = outcome.scores.normalHours;
  goals.push(
    _atMost(
      "false alerts (all rules) ≤ 0.05 per customer-hour of normal stream with 2 % artifacts",
      hours > 0 ? falseAlerts / hours : null,
      0.05,
    ),
  );
  for (const rule of ["LOW", "HIGH"] as const) {
    goals.push(_atMost(`${rule} delay median ≤ 10 s`, r[rule].delayMedianS, 10));
    goals.push(_atMost(`${rule} delay p95 ≤ 15 s`, r[rule].delayP95S, 15));
  }
  for (const rule of ["EXTREME_LOW", "EXTREME_HIGH"] as const) {
    goals.push(_atMost(`${rule} delay median ≤ 3 s`, r[rule].delayMedianS, 3));
  }
  // NO_DATA runs on the wall clock from the latest arrival: judged where readings arrive in
  // order (with reordering, a late last reading restarts the timer; the report shows it).
  const noData = outcome.groups.filter((g) => !g.reordered)
    .flatMap((g) => g.scores.rules.NO_DATA.delaysMs);
  goals.push(
    _atMost(
      "NO_DATA delay ≤ 31 s (the longest, readings in order)",
      noData.length ? Math.max(...noData) / 1000 : null,
      31,
    ),
  );
  goals.push(_atLeast("≥ 90 % fewer notifications than the raw rules", reduction(outcome), 0.9));
  return goals;
}

/** The real records' goals. */
export function recordGoals(outcome: EvalOutcome): Goal[] {
  const { LOW, HIGH, IRREGULAR_RHYTHM } = outcome.scores.rules;
  const episodes = LOW.episodes + HIGH.episodes;
  const rateRecall = episodes === 0 ? null : (LOW.detected + HIGH.detected) / episodes;
  return [
    _atLeast("sustained brady/tachy episode recall ≥ 0.95", rateRecall, 0.95),
    _atLeast("AF/AFL episodes ≥ 60 s: recall ≥ 0.9", IRREGULAR_RHYTHM.recall, 0.9),
    _atLeast("AF/AFL episodes ≥ 60 s: precision ≥ 0.8", IRREGULAR_RHYTHM.precision, 0.8),
  ];
}

/** 1 − engine notifications / raw findings (null when the raw rules found nothing). */
export function reduction(outcome: EvalOutcome): number | null {
  const engine = Object.values(outcome.notifications).reduce((a, b) => a + b, 0);
  const raw = Object.values(outcome.raw).reduce((a, b) => a + b, 0);
  return raw === 0 ? null : 1 - engine / raw;
}

function _atLeast(goal: string, value: number | null, min: number): Goal {
  return { goal, value, reached: value === null ? null : value >= min };
}

function _atMost(goal: string, value: number | null, max: number): Goal {
  return { goal, value, reached: value === null ? null : value <= max };
}
