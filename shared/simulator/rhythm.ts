/**
 * Beat-to-beat (RR) intervals, for readings that carry `rr_intervals_ms`. Each customer's
 * heart beats on a clock of its own (the time of its last beat and the interval already
 * drawn for the next), so a reading reports exactly the intervals that ended since the
 * previous one, whatever the reading schedule. The beats come from a random stream of
 * their own: switching them on changes no heart rate, event id or episode.
 *
 * - Sinus rhythm: intervals around 60,000 / rate with a correlated deviation (AR(1), 0.7),
 *   so successive differences stay small, as in a healthy heart; optionally an isolated
 *   premature beat (55–75 % of the interval) followed by a compensatory pause.
 * - Irregular rhythm (atrial-fibrillation-like): independent intervals, widely spread
 *   around the episode's mean, with no pattern from one beat to the next.
 */
import { RR_INTERVALS } from "../contract/mod.ts";
import type { ResolvedSimulatorOptions, RhythmOptions } from "./options.ts";
import { hash32, Prng, seedPrngState } from "./prng.ts";

/** Shortest and longest interval drawn, ms: 300 bpm and 20 bpm, inside the contract's bounds. */
const MIN_RR_MS = Math.max(RR_INTERVALS.minMs, 200);
const MAX_RR_MS = Math.min(RR_INTERVALS.maxMs, 3000);
/** Correlation of successive sinus deviations. */
const SINUS_MEMORY = 0.7;
/** Salt for the beats' random streams, so they never coincide with the readings' streams. */
const RHYTHM_SALT = 0x2b2b;

/** Every customer's beat clock, one slot per customer in each array (~32 bytes each). */
export interface RhythmStates {
  /** xoshiro128** state, four words per customer. */
  readonly rng: Uint32Array;
  /** Time of the customer's last beat, epoch ms (NaN before the first). */
  readonly lastBeatMs: Float64Array;
  /** The interval that ends at the next beat, ms, or 0 when not drawn yet. */
  readonly nextRrMs: Float32Array;
  /** The sinus deviation of the last interval, relative to the mean. */
  readonly deviation: Float32Array;
  /** The compensatory pause owed after a premature beat, ms, or 0. */
  readonly pauseMs: Float32Array;
}

/** How the next beats are drawn. */
export interface BeatModel {
  /** Mean interval, ms (60,000 / rate). */
  readonly meanRrMs: number;
  /** True during an IRREGULAR_RHYTHM episode. */
  readonly irregular: boolean;
}

/** The beat clocks of every customer, or null when readings carry no intervals. */
export function createRhythmStates(options: ResolvedSimulatorOptions): RhythmStates | null {
  if (!options.rrIntervals) return null;
  const n = options.customers;
  const states: RhythmStates = {
    rng: new Uint32Array(n * 4),
    lastBeatMs: new Float64Array(n).fill(NaN),
    nextRrMs: new Float32Array(n),
    deviation: new Float32Array(n),
    pauseMs: new Float32Array(n),
  };
  const seed = hash32(options.seed, RHYTHM_SALT);
  for (let i = 0; i < n; i++) seedPrngState(states.rng, i, seed, i);
  return states;
}

/**
 * The intervals of customer `i`'s beats that end in (`fromMs`, `toMs`], oldest first,
 * whole ms (the latest {@link RR_INTERVALS}.maxCount when more ended). After a silence
 * longer than a few beats (a dropout) the clock restarts at a random phase before `fromMs`.
 * `prng` is a scratch generator: the customer's beat stream is loaded into it and saved back.
 */
export function beatsBetween(
  states: RhythmStates,
  i: number,
  fromMs: number,
  toMs: number,
  model: BeatModel,
  rhythm: Readonly<RhythmOptions>,
  prng: Prng,
): number[] {
  prng.load(states.rng, i);
  let last = states.lastBeatMs[i]!;
  if (Number.isNaN(last) || last < fromMs - 2 * MAX_RR_MS) {
    last = fromMs - prng.nextFloat() * model.meanRrMs;
    states.nextRrMs[i] = 0;
  }
  const intervals: number[] = [];
  for (;;) {
    if (states.nextRrMs[i] === 0) {
      states.nextRrMs[i] = _drawInterval(states, i, model, rhythm, prng);
    }
    const rr = states.nextRrMs[i]!;
    if (last + rr > toMs) break;
    last += rr;
    states.nextRrMs[i] = 0;
    if (last > fromMs) intervals.push(Math.round(rr));
  }
  states.lastBeatMs[i] = last;
  prng.save(states.rng, i);
  return intervals.length > RR_INTERVALS.maxCount
    ? intervals.slice(-RR_INTERVALS.maxCount)
    : intervals;
}

/**
 * The rate a reading made of `intervals` shows, bpm: the mean of 60,000 / RR (what a
 * device averaging beat by beat reports), or `fallbackBpm` when no beat ended in it.
 */
export function rateOfIntervals(intervals: readonly number[], fallbackBpm: number): number {
  if (intervals.length === 0) return fallbackBpm;
  let sum = 0;
  for (const rr of intervals) sum += 60_000 / rr;
  return sum / intervals.length;
}

function _drawInterval(
  states: RhythmStates,
  i: number,
  model: BeatModel,
  rhythm: Readonly<RhythmOptions>,
  prng: Prng,
): number {
  const mean = model.meanRrMs;
  if (model.irregular) {
    const rr = mean * (1 + rhythm.irregularCv * prng.nextGaussian());
    return _clamp(Math.min(2 * mean, Math.max(0.5 * mean, rr)));
  }
  const pause = states.pauseMs[i]!;
  if (pause > 0) {
    states.pauseMs[i] = 0;
    return _clamp(pause);
  }
  const innovation = Math.sqrt(1 - SINUS_MEMORY * SINUS_MEMORY) * rhythm.sinusCv;
  const deviation = SINUS_MEMORY * states.deviation[i]! + innovation * prng.nextGaussian();
  states.deviation[i] = deviation;
  const rr = mean * (1 + deviation);
  if (rhythm.ectopicRate > 0 && prng.nextFloat() < rhythm.ectopicRate) {
    const premature = rr * prng.nextRange(0.55, 0.75);
    states.pauseMs[i] = 2 * rr - premature;
    return _clamp(premature);
  }
  return _clamp(rr);
}

function _clamp(rr: number): number {
  return Math.min(MAX_RR_MS, Math.max(MIN_RR_MS, rr));
}
