/**
 * Injected episodes, the simulation's ground truth. At most one runs per customer at a
 * time; each covers the customer's readings with `startMs <= t < endMs`:
 * - BRADYCARDIA / TACHYCARDIA: every reading sits in the kind's band (default 35–48 and
 *   150–185 bpm) around a level drawn once per episode. The onset is immediate, so the
 *   first and the first-after readings also differ a lot from their neighbours.
 * - SPIKE: one reading, `startMs` = its time and `endMs` = `startMs + 1`, that jumps
 *   35–60 bpm away from the customer's previous valid reading; the next one is normal.
 * - DROPOUT: the sensor sends nothing, neither valid nor malformed records.
 */
import type { LevelEpisodeOptions, ResolvedSimulatorOptions } from "./options.ts";
import type { Prng } from "./prng.ts";

/** The kinds of injected episode. */
export const EPISODE_KINDS = ["BRADYCARDIA", "TACHYCARDIA", "SPIKE", "DROPOUT"] as const;
/** A kind of injected episode. */
export type EpisodeKind = typeof EPISODE_KINDS[number];

/** One injected episode (times are event times; `endMs` is exclusive). */
export interface Episode {
  readonly customerId: string;
  readonly kind: EpisodeKind;
  readonly startMs: number;
  readonly endMs: number;
  /** `startMs` as RFC 3339 UTC, like `event_time`. */
  readonly startTime: string;
  /** `endMs` as RFC 3339 UTC. */
  readonly endTime: string;
}

/** Spikes stay within a physiologically plausible band: a jump out of it goes the other way. */
const SPIKE_FLOOR_BPM = 30;
const SPIKE_CEILING_BPM = 220;

/**
 * Which episode, if any, starts now: one draw against the four rates, each scaled by
 * `intervalShare` (the time since the last reading over `intervalMs`, at most 1) so a
 * burst's extra readings do not start extra episodes. A spike needs a previous valid
 * reading to jump from, so without one no spike starts.
 */
export function drawEpisodeStart(
  prng: Prng,
  options: ResolvedSimulatorOptions,
  intervalShare: number,
  hasPrevious: boolean,
): EpisodeKind | null {
  const u = prng.nextFloat() / intervalShare;
  let edge = options.bradycardia.rate;
  if (u < edge) return "BRADYCARDIA";
  edge += options.tachycardia.rate;
  if (u < edge) return "TACHYCARDIA";
  edge += options.spike.rate;
  if (u < edge) return hasPrevious ? "SPIKE" : null;
  edge += options.dropout.rate;
  return u < edge ? "DROPOUT" : null;
}

/** How long a new episode of `kind` lasts, ms (uniform in its range; a spike lasts 1 ms). */
export function drawEpisodeDurationMs(
  prng: Prng,
  kind: EpisodeKind,
  options: ResolvedSimulatorOptions,
): number {
  if (kind === "SPIKE") return 1;
  const range = kind === "DROPOUT" ? options.dropout : levelOptions(kind, options);
  return prng.nextInt(range.minDurationMs, range.maxDurationMs);
}

/** The band options of a bradycardia or tachycardia. */
export function levelOptions(
  kind: EpisodeKind,
  options: ResolvedSimulatorOptions,
): Readonly<LevelEpisodeOptions> {
  return kind === "BRADYCARDIA" ? options.bradycardia : options.tachycardia;
}

/**
 * One reading during a bradycardia or tachycardia: the episode's level plus measurement
 * noise, rounded and kept inside the band so every labelled reading meets the definition.
 */
export function levelReading(
  prng: Prng,
  levelBpm: number,
  band: Readonly<LevelEpisodeOptions>,
  noiseSdBpm: number,
): number {
  const reading = Math.round(levelBpm + prng.nextGaussian() * noiseSdBpm);
  return Math.min(band.maxBpm, Math.max(band.minBpm, reading));
}

/**
 * The spike reading: the previous valid reading moved up or down (chosen at random) by a
 * delta in the spike range; when that leaves 30–220 bpm it goes the other way instead,
 * and it is finally kept within the consumer's valid range.
 */
export function spikeReading(
  prng: Prng,
  previousBpm: number,
  options: ResolvedSimulatorOptions,
): number {
  const delta = prng.nextInt(options.spike.minDeltaBpm, options.spike.maxDeltaBpm);
  let reading = prng.nextFloat() < 0.5 ? previousBpm - delta : previousBpm + delta;
  if (reading < SPIKE_FLOOR_BPM || reading > SPIKE_CEILING_BPM) {
    reading = 2 * previousBpm - reading;
  }
  return Math.min(options.limits.heartRateMax, Math.max(options.limits.heartRateMin, reading));
}
