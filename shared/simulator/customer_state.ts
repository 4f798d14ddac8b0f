/**
 * Every customer's state as a handful of typed arrays (structure of arrays), about 90
 * bytes per customer: 100k customers fit in ~9 MB with no per-customer object or closure.
 * Index `i` is customer number `i + 1` (`cust-000001` is index 0).
 */
import { Prng, seedPrngState } from "./prng.ts";
import type { ResolvedSimulatorOptions } from "./options.ts";
import { initialActivity, targetBpm } from "./physiology.ts";

/** No episode running (the value in `episodeKind`). */
export const NO_EPISODE = 0;
/** No valid reading emitted yet (the value in `lastValidBpm`). */
export const NO_READING = -1;

/** The simulator's per-customer state, one slot per customer in each array. */
export interface CustomerStates {
  readonly count: number;
  /** xoshiro128** state, four words per customer: each customer has its own stream. */
  readonly rng: Uint32Array;
  /** Personal resting rate, bpm. */
  readonly restingBpm: Float32Array;
  /** The smoothed rate before drift and noise, bpm; it chases the activity's target. */
  readonly levelBpm: Float32Array;
  /** The last normal rate before measurement noise (level + drift), bpm: beats follow it. */
  readonly trueBpm: Float32Array;
  /** Activity: 0 rest, 1 light, 2 exercise. */
  readonly activity: Uint8Array;
  /** Phase of the slow drift, radians. */
  readonly driftPhase: Float32Array;
  /** Offset of the customer's readings within each interval, ms. */
  readonly phaseMs: Uint32Array;
  /** Time of the customer's next reading, epoch ms. */
  readonly nextDueMs: Float64Array;
  /** Time of the last reading produced (NaN before the first), epoch ms. */
  readonly lastTickMs: Float64Array;
  /** The last valid heart rate emitted, or {@link NO_READING}. */
  readonly lastValidBpm: Int16Array;
  /** The running episode: {@link NO_EPISODE} or 1 + its index in `EPISODE_KINDS`. */
  readonly episodeKind: Uint8Array;
  /** When the running episode ends (exclusive), epoch ms. */
  readonly episodeEndMs: Float64Array;
  /** The level the running bradycardia/tachycardia holds, bpm. */
  readonly episodeBpm: Float32Array;
}

/**
 * Draws every customer's personal traits from its own stream of the seed: resting rate
 * (uniform in the resting band), starting activity, drift phase and reading phase offset
 * (so customers do not all report on the same millisecond). Deterministic per customer:
 * customer 42 is the same whatever the fleet size.
 */
export function createCustomerStates(options: ResolvedSimulatorOptions): CustomerStates {
  const n = options.customers;
  const states: CustomerStates = {
    count: n,
    rng: new Uint32Array(n * 4),
    restingBpm: new Float32Array(n),
    levelBpm: new Float32Array(n),
    trueBpm: new Float32Array(n),
    activity: new Uint8Array(n),
    driftPhase: new Float32Array(n),
    phaseMs: new Uint32Array(n),
    nextDueMs: new Float64Array(n),
    lastTickMs: new Float64Array(n).fill(NaN),
    lastValidBpm: new Int16Array(n).fill(NO_READING),
    episodeKind: new Uint8Array(n),
    episodeEndMs: new Float64Array(n),
    episodeBpm: new Float32Array(n),
  };
  const { restingMinBpm, restingMaxBpm } = options.physiology;
  const prng = new Prng();
  for (let i = 0; i < n; i++) {
    seedPrngState(states.rng, i, options.seed, i);
    prng.load(states.rng, i);
    const resting = prng.nextRange(restingMinBpm, restingMaxBpm);
    const activity = initialActivity(prng.nextFloat());
    states.restingBpm[i] = resting;
    states.activity[i] = activity;
    states.levelBpm[i] = targetBpm(resting, activity);
    states.driftPhase[i] = prng.nextRange(0, 2 * Math.PI);
    const phase = prng.nextInt(0, options.intervalMs - 1);
    states.phaseMs[i] = phase;
    states.nextDueMs[i] = options.startMs + phase;
    prng.save(states.rng, i);
  }
  return states;
}

/** The id of customer `index` (0-based): prefix + (index + 1) zero-padded, e.g. `cust-000042`. */
export function customerIdOf(index: number, prefix: string, digits: number): string {
  return prefix + String(index + 1).padStart(digits, "0");
}

/** The device id of customer `index`: `dev-` + the same number, e.g. `dev-000042`. */
export function deviceIdOf(index: number, digits: number): string {
  return "dev-" + String(index + 1).padStart(digits, "0");
}
