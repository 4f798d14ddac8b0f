/**
 * What a simulation is made of, with the defaults and why they were chosen. Every field
 * but `startMs` is optional; {@link resolveSimulatorOptions} fills in the rest and refuses
 * nonsense with one error that names every bad setting.
 */
import { REASON_CODES, type ReasonCode } from "../contract/mod.ts";
import { resolveAll } from "./_resolve_options.ts";

/**
 * The consumer's validation limits (the same names and meaning as the project's validation
 * config, so it can be passed as is). Used to make out-of-range, oversized and mistimed
 * malformed records that really are outside them, and to keep valid readings inside.
 */
export interface ValidationLimits {
  /** Lowest valid heart rate, bpm. Default 20. */
  heartRateMin: number;
  /** Highest valid heart rate, bpm. Default 250. */
  heartRateMax: number;
  /** Largest accepted message value, bytes. Default 65,536. */
  maxMessageBytes: number;
  /** How far ahead of the consumer's clock a reading may be, ms. Default 300,000 (5 min). */
  maxFutureMs: number;
  /** How old a reading may be, ms. Default 30 days (devices sync late after being offline). */
  maxAgeMs: number;
}

/** The normal (non-episode) heart-rate model. */
export interface PhysiologyOptions {
  /** Lowest personal resting rate, bpm. Default 55 (fit adults rest in the 50s–60s). */
  restingMinBpm: number;
  /** Highest personal resting rate, bpm. Default 85 (the top of the usual 60–100 band). */
  restingMaxBpm: number;
  /** Standard deviation of the per-reading measurement noise, bpm. Default 2. */
  noiseSdBpm: number;
  /** Amplitude of the slow sinusoidal drift, bpm. Default 3. */
  driftAmplitudeBpm: number;
  /** Period of the drift, ms. Default 1,800,000 (30 min: slow against any detector window). */
  driftPeriodMs: number;
  /**
   * Lowest normal reading, bpm. Default 51: normal readings stay strictly above the
   * detector's default low threshold (50), so only injected episodes trip it.
   */
  normalMinBpm: number;
  /** Highest normal reading, bpm. Default 139: strictly below the default high threshold (140). */
  normalMaxBpm: number;
}

/** An episode that holds the rate inside a band for a while (bradycardia, tachycardia). */
export interface LevelEpisodeOptions {
  /** Probability per customer per reading interval of starting one. */
  rate: number;
  /** Shortest duration, ms. */
  minDurationMs: number;
  /** Longest duration, ms. */
  maxDurationMs: number;
  /** Lowest reading during the episode, bpm. */
  minBpm: number;
  /** Highest reading during the episode, bpm. */
  maxBpm: number;
}

/** A single reading that jumps away from the previous one and then returns. */
export interface SpikeOptions {
  /** Probability per customer per reading interval. Default 0.00005. */
  rate: number;
  /** Smallest jump against the previous valid reading, bpm. Default 35. */
  minDeltaBpm: number;
  /** Largest jump, bpm. Default 60. */
  maxDeltaBpm: number;
}

/** The sensor goes quiet: no readings at all for a while. */
export interface DropoutOptions {
  /** Probability per customer per reading interval. Default 0.00002. */
  rate: number;
  /** Shortest gap, ms. Default 5,000. */
  minDurationMs: number;
  /** Longest gap, ms. Default 120,000. */
  maxDurationMs: number;
}

/**
 * A sudden change of level that persists (a confirmed jump, unlike an artifact): the rate
 * moves `minDeltaBpm`–`maxDeltaBpm` up or down from the customer's normal rate and stays
 * there, inside `minBpm`–`maxBpm`, for the episode's duration.
 */
export interface LevelShiftOptions {
  /** Probability per customer per reading interval. Default 0 (off). */
  rate: number;
  /** Shortest duration, ms. Default 60,000. */
  minDurationMs: number;
  /** Longest duration, ms. Default 300,000. */
  maxDurationMs: number;
  /** Smallest jump from the normal rate, bpm. Default 35 (above SPIKE's 30). */
  minDeltaBpm: number;
  /** Largest jump, bpm. Default 50. */
  maxDeltaBpm: number;
  /** Lowest level, bpm. Default 55: clear of the 50 bpm low threshold. */
  minBpm: number;
  /** Highest level, bpm. Default 130: clear of the 140 bpm high threshold. */
  maxBpm: number;
}

/**
 * A measurement artifact (motion, a loose strap): the reading jumps `minDeltaBpm`–
 * `maxDeltaBpm` away from the customer's normal rate for 1–3 readings, then reverts. Its
 * readings stay inside `minBpm`–`maxBpm`, so an artifact never looks like an extreme rate.
 */
export interface ArtifactOptions {
  /** Probability per customer per reading interval. Default 0 (off). */
  rate: number;
  /** Shortest duration, ms. Default 1,000 (one reading at 1 Hz). */
  minDurationMs: number;
  /** Longest duration, ms. Default 3,000. */
  maxDurationMs: number;
  /** Smallest jump, bpm. Default 35. */
  minDeltaBpm: number;
  /** Largest jump, bpm. Default 60. */
  maxDeltaBpm: number;
  /** Lowest artifact reading, bpm. Default 41 (above the 40 bpm extreme-low threshold). */
  minBpm: number;
  /** Highest artifact reading, bpm. Default 159 (below the 160 bpm extreme-high threshold). */
  maxBpm: number;
}

/**
 * Beat-to-beat (RR) intervals, emitted only with `rrIntervals: true`. Beats come from a
 * random stream of their own, so switching them on changes no heart rate, event id or
 * episode: it only adds `rr_intervals_ms` (and `schema_version: 2`) to each reading.
 */
export interface RhythmOptions {
  /**
   * Sinus rhythm: coefficient of variation of RR around 60,000 / rate, with successive
   * intervals correlated (0.7), so successive differences stay small. Default 0.03
   * (RMSSD about 20 ms at 75 bpm, a resting adult's).
   */
  sinusCv: number;
  /**
   * Share of sinus beats that are isolated premature (ectopic) beats: 55–75 % of the
   * expected interval, then a compensatory pause that restores the rhythm. Default 0 (off).
   */
  ectopicRate: number;
  /**
   * IRREGULAR_RHYTHM episodes (atrial-fibrillation-like): independent intervals with this
   * coefficient of variation around the episode's mean. Default 0.25: the RR intervals in
   * the atrial-fibrillation intervals of MIT-BIH records 201 and 203 vary by 0.22 and 0.30
   * (median over 30-beat windows).
   */
  irregularCv: number;
}

/**
 * A burst: from `startMs` for `durationMs`, a deterministic random `customerFraction` of
 * customers report `rateMultiplier` times as often (a load test, or a fleet resyncing).
 */
export interface BurstOptions {
  startMs: number;
  durationMs: number;
  /** Share of customers taking part, (0, 1]. */
  customerFraction: number;
  /** Readings per interval during the burst, 1–1000. */
  rateMultiplier: number;
}

/** Options for `createSimulator`; only `startMs` is required. */
export interface SimulatorOptions {
  /** Simulated time of the first interval, epoch ms (the simulator never reads a clock). */
  startMs: number;
  /** Seed; the same options and seed give byte-identical output. Default 1. */
  seed?: number;
  /** Number of customers. Default 1,000: every partition gets traffic, a laptop copes. */
  customers?: number;
  /** Customer id prefix, printable ASCII. Default `cust-`. */
  customerIdPrefix?: string;
  /** Zero-padded digits after the prefix (ids count from 1). Default 6: `cust-000042`. */
  customerIdDigits?: number;
  /** Time between one customer's readings, ms. Default 1,000 (a wearable's 1 Hz stream). */
  intervalMs?: number;
  /** Whether readings carry `device_id` (`dev-000042`). Default true. */
  deviceIds?: boolean;
  /** Share of emitted records that are malformed, 0–1. Default 0.01 (the invalid path always sees traffic). */
  invalidRate?: number;
  /** Which malformations to produce, drawn uniformly. Default {@link DEFAULT_INVALID_REASONS}. */
  invalidReasons?: readonly ReasonCode[];
  /** The consumer's validation limits. Default: the project's validation defaults. */
  limits?: Partial<ValidationLimits>;
  /** The normal heart-rate model. */
  physiology?: Partial<PhysiologyOptions>;
  /** Default rate 0.00001, 30–300 s, 35–48 bpm (below the 50 bpm low threshold). */
  bradycardia?: Partial<LevelEpisodeOptions>;
  /** Default rate 0.00001, 30–300 s, 150–185 bpm (above the 140 bpm high threshold). */
  tachycardia?: Partial<LevelEpisodeOptions>;
  spike?: Partial<SpikeOptions>;
  dropout?: Partial<DropoutOptions>;
  /** Default rate 0 (off), 10–120 s, 28–37 bpm (below the 40 bpm extreme-low threshold). */
  extremeBradycardia?: Partial<LevelEpisodeOptions>;
  /** Default rate 0 (off), 10–120 s, 165–200 bpm (above the 160 bpm extreme-high threshold). */
  extremeTachycardia?: Partial<LevelEpisodeOptions>;
  /** Default rate 0 (off); see {@link LevelShiftOptions}. */
  levelShift?: Partial<LevelShiftOptions>;
  /** Default rate 0 (off); see {@link ArtifactOptions}. */
  artifact?: Partial<ArtifactOptions>;
  /**
   * Atrial-fibrillation-like episodes: irregular RR around a mean rate drawn in the band,
   * each reading the mean of 60,000 / RR over its beats. Needs `rrIntervals`. Default rate
   * 0 (off), 60–600 s, 70–110 bpm.
   */
  irregularRhythm?: Partial<LevelEpisodeOptions>;
  /** Whether readings carry `rr_intervals_ms` (and `schema_version: 2`). Default false. */
  rrIntervals?: boolean;
  /** How beats are drawn when `rrIntervals` is on. */
  rhythm?: Partial<RhythmOptions>;
  /** Bursts of extra readings. Default none. */
  bursts?: readonly BurstOptions[];
}

/** Every option present and checked. */
export interface ResolvedSimulatorOptions {
  readonly startMs: number;
  readonly seed: number;
  readonly customers: number;
  readonly customerIdPrefix: string;
  readonly customerIdDigits: number;
  readonly intervalMs: number;
  readonly deviceIds: boolean;
  readonly invalidRate: number;
  readonly invalidReasons: readonly ReasonCode[];
  readonly limits: Readonly<ValidationLimits>;
  readonly physiology: Readonly<PhysiologyOptions>;
  readonly bradycardia: Readonly<LevelEpisodeOptions>;
  readonly tachycardia: Readonly<LevelEpisodeOptions>;
  readonly spike: Readonly<SpikeOptions>;
  readonly dropout: Readonly<DropoutOptions>;
  readonly extremeBradycardia: Readonly<LevelEpisodeOptions>;
  readonly extremeTachycardia: Readonly<LevelEpisodeOptions>;
  readonly levelShift: Readonly<LevelShiftOptions>;
  readonly artifact: Readonly<ArtifactOptions>;
  readonly irregularRhythm: Readonly<LevelEpisodeOptions>;
  readonly rrIntervals: boolean;
  readonly rhythm: Readonly<RhythmOptions>;
  readonly bursts: readonly Readonly<BurstOptions>[];
}

/**
 * The malformations produced by default: every reason a consumer can recognise from the
 * record alone. `PAYLOAD_TOO_LARGE`, `EVENT_TIME_IN_FUTURE` and `EVENT_TIME_TOO_OLD` are
 * opt-in, because whether a record trips them depends on the consumer's limits and clock.
 */
const OPT_IN_REASONS: readonly ReasonCode[] = [
  "PAYLOAD_TOO_LARGE",
  "EVENT_TIME_IN_FUTURE",
  "EVENT_TIME_TOO_OLD",
];
export const DEFAULT_INVALID_REASONS: readonly ReasonCode[] = REASON_CODES.filter((r) =>
  !OPT_IN_REASONS.includes(r)
);

/** The defaults of everything but `startMs`; see each field's doc for the reason. */
export const SIMULATOR_DEFAULTS: Omit<ResolvedSimulatorOptions, "startMs"> = {
  seed: 1,
  customers: 1000,
  customerIdPrefix: "cust-",
  customerIdDigits: 6,
  intervalMs: 1000,
  deviceIds: true,
  invalidRate: 0.01,
  invalidReasons: DEFAULT_INVALID_REASONS,
  limits: {
    heartRateMin: 20,
    heartRateMax: 250,
    maxMessageBytes: 65_536,
    maxFutureMs: 300_000,
    maxAgeMs: 720 * 3_600_000,
  },
  physiology: {
    restingMinBpm: 55,
    restingMaxBpm: 85,
    noiseSdBpm: 2,
    driftAmplitudeBpm: 3,
    driftPeriodMs: 1_800_000,
    normalMinBpm: 51,
    normalMaxBpm: 139,
  },
  // Rates are per customer per interval: at 1,000 customers and 1 Hz, 0.00001 is about
  // one episode of that kind every 100 s across the fleet, one per customer per ~28 h.
  bradycardia: {
    rate: 0.00001,
    minDurationMs: 30_000,
    maxDurationMs: 300_000,
    minBpm: 35,
    maxBpm: 48,
  },
  tachycardia: {
    rate: 0.00001,
    minDurationMs: 30_000,
    maxDurationMs: 300_000,
    minBpm: 150,
    maxBpm: 185,
  },
  spike: { rate: 0.00005, minDeltaBpm: 35, maxDeltaBpm: 60 },
  dropout: { rate: 0.00002, minDurationMs: 5_000, maxDurationMs: 120_000 },
  // Everything below is off by default, so the producer's output stays as it was; the
  // evaluation (`deno task eval`) switches it on for its labelled scenarios.
  extremeBradycardia: {
    rate: 0,
    minDurationMs: 10_000,
    maxDurationMs: 120_000,
    minBpm: 28,
    maxBpm: 37,
  },
  extremeTachycardia: {
    rate: 0,
    minDurationMs: 10_000,
    maxDurationMs: 120_000,
    minBpm: 165,
    maxBpm: 200,
  },
  levelShift: {
    rate: 0,
    minDurationMs: 60_000,
    maxDurationMs: 300_000,
    minDeltaBpm: 35,
    maxDeltaBpm: 50,
    minBpm: 55,
    maxBpm: 130,
  },
  artifact: {
    rate: 0,
    minDurationMs: 1_000,
    maxDurationMs: 3_000,
    minDeltaBpm: 35,
    maxDeltaBpm: 60,
    minBpm: 41,
    maxBpm: 159,
  },
  irregularRhythm: {
    rate: 0,
    minDurationMs: 60_000,
    maxDurationMs: 600_000,
    minBpm: 70,
    maxBpm: 110,
  },
  rrIntervals: false,
  rhythm: { sinusCv: 0.03, ectopicRate: 0, irregularCv: 0.25 },
  bursts: [],
};

/**
 * Fills in defaults and checks every option, throwing one `SimulatorError`
 * (`SIMULATOR_OPTIONS_INVALID`) that lists each bad setting with its value, e.g.
 * `Invalid simulator options: customers=0: expected a whole number from 1 to 10000000`.
 */
export function resolveSimulatorOptions(options: SimulatorOptions): ResolvedSimulatorOptions {
  return resolveAll(options, SIMULATOR_DEFAULTS);
}
