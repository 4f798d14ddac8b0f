/**
 * The beats of one reading, for readings that carry RR intervals: which rhythm drives them
 * and, during an irregular rhythm, the rate the reading shows. Split from `simulator.ts`.
 */
import type { CustomerStates } from "./customer_state.ts";
import type { EpisodeKind } from "./episodes.ts";
import type { ResolvedSimulatorOptions } from "./options.ts";
import type { Prng } from "./prng.ts";
import { beatsBetween, rateOfIntervals, type RhythmStates } from "./rhythm.ts";

/** The reading being made: customer `i` at time `t`, its previous reading at `last`. */
export interface ReadingContext {
  readonly i: number;
  readonly t: number;
  /** Time of the customer's previous reading, or NaN before the first. */
  readonly last: number;
  readonly episode: EpisodeKind | null;
  /** The rate the reading shows without beats, bpm. */
  readonly heartRate: number;
}

/**
 * The intervals that ended since the previous reading (at most one interval back) and the
 * rate to report. Beats follow what the heart does: the episode's level, the spike, or the
 * normal rate before measurement noise. During IRREGULAR_RHYTHM the reading is the mean of
 * 60,000 / RR over its beats (the level when none ended), rounded and kept in the valid range.
 */
export function readingBeats(
  options: ResolvedSimulatorOptions,
  states: CustomerStates,
  rhythm: RhythmStates,
  prng: Prng,
  reading: ReadingContext,
): { intervalsMs: number[]; heartRate: number } {
  const { i, t, last, episode } = reading;
  const irregular = episode === "IRREGULAR_RHYTHM";
  const meanBpm = episode === "SPIKE"
    ? reading.heartRate
    : episode !== null
    ? states.episodeBpm[i]!
    : states.trueBpm[i]!;
  const fromMs = Number.isNaN(last)
    ? t - options.intervalMs
    : Math.max(last, t - options.intervalMs);
  const model = { meanRrMs: 60_000 / meanBpm, irregular };
  const intervalsMs = beatsBetween(rhythm, i, fromMs, t, model, options.rhythm, prng);
  if (!irregular) return { intervalsMs, heartRate: reading.heartRate };
  const { heartRateMin, heartRateMax } = options.limits;
  const bpm = Math.round(rateOfIntervals(intervalsMs, meanBpm));
  return { intervalsMs, heartRate: Math.min(heartRateMax, Math.max(heartRateMin, bpm)) };
}
