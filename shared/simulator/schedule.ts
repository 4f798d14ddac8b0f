/**
 * When each customer reports. Normally on its own grid, `startMs + phase + k·intervalMs`;
 * while a burst includes it, also on the burst's faster grid. Both are computed from
 * the time alone (no per-customer burst state), so bursts cost nothing when idle and the
 * schedule is the same however the caller slices time into batches.
 */
import { hash32 } from "./prng.ts";
import type { BurstOptions } from "./options.ts";

/** What the schedule needs from the options. */
export interface ScheduleOptions {
  readonly startMs: number;
  readonly intervalMs: number;
  readonly seed: number;
  readonly bursts: readonly Readonly<BurstOptions>[];
}

const BURST_SALT = 0xb0257;

/**
 * Whether customer `index` takes part in burst number `burst`: a stateless hash of
 * (seed, burst, customer) compared with the burst's `customerFraction`, so membership is
 * deterministic and about that share of the fleet.
 */
export function inBurst(
  options: ScheduleOptions,
  burst: number,
  index: number,
): boolean {
  const fraction = options.bursts[burst]!.customerFraction;
  return hash32(options.seed, BURST_SALT + burst, index) / 4_294_967_296 < fraction;
}

/**
 * The customer's first reading time strictly after `t`, epoch ms: the next point of its
 * normal grid, or earlier when a burst it belongs to has a point first. During a burst
 * the step is `round(intervalMs / rateMultiplier)` (at least 1 ms), offset by the
 * customer's phase so burst readings do not all land on one millisecond either.
 */
export function nextReadingMs(
  options: ScheduleOptions,
  index: number,
  phaseMs: number,
  t: number,
): number {
  const origin = options.startMs + phaseMs;
  const interval = options.intervalMs;
  let next = t < origin ? origin : origin + (Math.floor((t - origin) / interval) + 1) * interval;
  for (let b = 0; b < options.bursts.length; b++) {
    const burst = options.bursts[b]!;
    const end = burst.startMs + burst.durationMs;
    if (t >= end - 1 || burst.startMs >= next || !inBurst(options, b, index)) continue;
    const step = Math.max(1, Math.round(interval / burst.rateMultiplier));
    const first = burst.startMs + (phaseMs % step);
    const candidate = t < first ? first : first + (Math.floor((t - first) / step) + 1) * step;
    if (candidate < end && candidate < next) next = candidate;
  }
  return next;
}
