/**
 * The sustained run's two decisions, pure: whether a step's lag stayed bounded, and which
 * offered rate comes next.
 *
 * A step is **bounded** when (1) the producer achieved at least 95 % of the offered rate
 * (otherwise the load was not offered at all: the producer or the broker was the limit),
 * and (2) after production stopped and a short settle, each group's lag (records on the
 * broker not yet committed to PostgreSQL) is at most one second's worth of the offered
 * rate. A pipeline that keeps up ends a step with an almost empty backlog; one that falls
 * behind by even a few percent piles up more than a second of records over a step.
 */
import type { GroupLags } from "./results.ts";
import type { LoadPlan } from "./plan.ts";

/** Smallest share of the offered rate the producer must achieve. */
export const MIN_ACHIEVED_SHARE = 0.95;
/** Largest lag after the settle, in seconds of the offered rate. */
export const MAX_LAG_SECONDS = 1;

/** What a step is judged on. */
export interface StepObservation {
  readonly offered: number;
  readonly achieved: number;
  readonly lagAfterSettle: GroupLags;
}

/** Whether the step was bounded and, when not, why (one reason per failed condition). */
export function judgeStep(step: StepObservation): { bounded: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (step.achieved < MIN_ACHIEVED_SHARE * step.offered) {
    reasons.push(
      `producer achieved ${Math.round(step.achieved)}/s, below ${
        MIN_ACHIEVED_SHARE * 100
      } % of ${step.offered}/s`,
    );
  }
  const limit = step.offered * MAX_LAG_SECONDS;
  for (const group of ["writer", "detector"] as const) {
    const lag = step.lagAfterSettle[group];
    if (lag > limit) reasons.push(`${group} lag ${lag} after the settle, above ${limit}`);
  }
  return { bounded: reasons.length === 0, reasons };
}

/**
 * The next offered rate after `done` steps (in order), or undefined to stop: after the
 * first unbounded step (saturation), at `maxSteps`, or after the listed rates when
 * `growth` is 0. Past the list, each rate is the previous times `growth`, rounded to a
 * multiple of 5,000.
 */
export function nextRate(
  plan: Pick<LoadPlan, "rates" | "growth" | "maxSteps">,
  done: readonly { offered: number; bounded: boolean }[],
): number | undefined {
  if (done.some((s) => !s.bounded) || done.length >= plan.maxSteps) return undefined;
  if (done.length < plan.rates.length) return plan.rates[done.length];
  const last = done[done.length - 1]?.offered;
  if (last === undefined || plan.growth <= 1) return undefined;
  return Math.max(last + 5000, Math.round((last * plan.growth) / 5000) * 5000);
}
