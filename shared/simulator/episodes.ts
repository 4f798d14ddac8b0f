/**
 * Injected episodes, the simulation's ground truth. At most one runs per customer at a
 * time; each covers the customer's readings with `startMs <= t < endMs`:
 * - BRADYCARDIA / TACHYCARDIA: every reading sits in the kind's band (default 35–48 and
 *   150–185 bpm) around a level drawn once per episode. The onset is immediate, so the
 *   first and the first-after readings also differ a lot from their neighbours.
 * - SPIKE: one reading, `startMs` = its time and `endMs` = `startMs + 1`, that jumps
 *   35–60 bpm away from the customer's previous valid reading; the next one is normal.
 * - DROPOUT: the sensor sends nothing, neither valid nor malformed records.
 *
 * Off by default, for the evaluation's labelled scenarios (`scripts/eval/`):
 * - EXTREME_BRADYCARDIA / EXTREME_TACHYCARDIA: like BRADYCARDIA / TACHYCARDIA, in their
 *   own bands (default 28–37 and 165–200 bpm, beyond the engine's 40/160 extremes).
 * - LEVEL_SHIFT: the rate jumps 35–50 bpm from the normal rate and stays at the new
 *   level (inside 55–130 bpm), a sudden change that persists.
 * - ARTIFACT: the rate jumps 35–60 bpm from the normal rate for 1–3 s (inside 41–159
 *   bpm), then reverts.
 * - IRREGULAR_RHYTHM: atrial-fibrillation-like beats (see `rhythm.ts`) around a mean rate
 *   drawn in the band (default 70–110 bpm); each reading is computed from its beats.
 */
import type {
  ArtifactOptions,
  LevelEpisodeOptions,
  LevelShiftOptions,
  ResolvedSimulatorOptions,
} from "./options.ts";
import type { Prng } from "./prng.ts";

/** The kinds of injected episode. */
export const EPISODE_KINDS = [
  "BRADYCARDIA",
  "TACHYCARDIA",
  "SPIKE",
  "DROPOUT",
  "EXTREME_BRADYCARDIA",
  "EXTREME_TACHYCARDIA",
  "LEVEL_SHIFT",
  "ARTIFACT",
  "IRREGULAR_RHYTHM",
] as const;
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
 * Which episode, if any, starts now: one draw against the rates (in `EPISODE_KINDS`
 * order), each scaled by `intervalShare` (the time since the last reading over
 * `intervalMs`, at most 1) so a burst's extra readings do not start extra episodes. A
 * spike needs a previous valid reading to jump from, so without one no spike starts. Kinds
 * whose rate is 0 never start and change nothing for the others.
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
  if (u < edge) return "DROPOUT";
  edge += options.extremeBradycardia.rate;
  if (u < edge) return "EXTREME_BRADYCARDIA";
  edge += options.extremeTachycardia.rate;
  if (u < edge) return "EXTREME_TACHYCARDIA";
  edge += options.levelShift.rate;
  if (u < edge) return "LEVEL_SHIFT";
  edge += options.artifact.rate;
  if (u < edge) return "ARTIFACT";
  edge += options.irregularRhythm.rate;
  return u < edge ? "IRREGULAR_RHYTHM" : null;
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

/** The options of an episode that holds a level (every kind but SPIKE and DROPOUT). */
export function levelOptions(
  kind: EpisodeKind,
  options: ResolvedSimulatorOptions,
): Readonly<LevelEpisodeOptions | LevelShiftOptions | ArtifactOptions> {
  switch (kind) {
    case "BRADYCARDIA":
      return options.bradycardia;
    case "EXTREME_BRADYCARDIA":
      return options.extremeBradycardia;
    case "EXTREME_TACHYCARDIA":
      return options.extremeTachycardia;
    case "LEVEL_SHIFT":
      return options.levelShift;
    case "ARTIFACT":
      return options.artifact;
    case "IRREGULAR_RHYTHM":
      return options.irregularRhythm;
    default:
      return options.tachycardia;
  }
}

/**
 * The level a new episode of `kind` holds, bpm. BRADYCARDIA, TACHYCARDIA, the extremes
 * and IRREGULAR_RHYTHM draw it uniformly in their band (one draw). LEVEL_SHIFT and
 * ARTIFACT move the customer's normal rate now (`normalBpm`: not the previous reading,
 * which may itself be an artifact or the end of another episode) up or down, chosen at
 * random, by a delta in their range; when that leaves their band it goes the other way,
 * and when that does too, to the edge of the band farther from the normal rate.
 */
export function drawEpisodeLevel(
  prng: Prng,
  kind: EpisodeKind,
  normalBpm: number,
  options: ResolvedSimulatorOptions,
): number {
  const band = levelOptions(kind, options);
  if (!("minDeltaBpm" in band)) return prng.nextRange(band.minBpm, band.maxBpm);
  const delta = prng.nextInt(band.minDeltaBpm, band.maxDeltaBpm);
  let level = prng.nextFloat() < 0.5 ? normalBpm - delta : normalBpm + delta;
  if (level < band.minBpm || level > band.maxBpm) level = 2 * normalBpm - level;
  if (level < band.minBpm || level > band.maxBpm) {
    // Neither way fits: the band's edge with more room keeps the jump as large as it can be.
    level = band.maxBpm - normalBpm >= normalBpm - band.minBpm ? band.maxBpm : band.minBpm;
  }
  return level;
}

/**
 * One reading during an episode that holds a level: the level plus measurement noise,
 * rounded and kept inside the band so every labelled reading meets the definition.
 */
export function levelReading(
  prng: Prng,
  levelBpm: number,
  band: Readonly<{ minBpm: number; maxBpm: number }>,
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
