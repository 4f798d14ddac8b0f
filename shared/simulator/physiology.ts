/**
 * The normal heart-rate model: a three-state activity chain (rest, light, exercise) whose
 * target rate the smoothed level approaches exponentially, plus a slow sinusoidal drift
 * and Gaussian measurement noise. Continuous in time: steps scale with the time since the
 * customer's last reading, so bursts and dropouts do not change the physiology.
 */
import type { CustomerStates } from "./customer_state.ts";
import type { PhysiologyOptions } from "./options.ts";
import type { Prng } from "./prng.ts";

/** Target above the resting rate per activity (rest, light, exercise), bpm. */
const ACTIVITY_OFFSET_BPM = [0, 20, 45] as const;

/**
 * Transition rates between activities, per second: rest lasts ~13 min on average, light
 * activity ~4 min, exercise ~10 min; most exercise winds down through light activity.
 */
const TRANSITION_PER_S: readonly (readonly number[])[] = [
  [0, 1 / 900, 1 / 5400],
  [1 / 300, 0, 1 / 1800],
  [1 / 1800, 1 / 900, 0],
];

/** Stationary-ish shares used to pick a customer's starting activity. */
const INITIAL_SHARES = [0.8, 0.15, 0.05] as const;

/** Time constants of the approach, ms: the heart speeds up faster than it recovers. */
const RISE_TAU_MS = 20_000;
const RECOVERY_TAU_MS = 45_000;

/** The activity (0 rest, 1 light, 2 exercise) a uniform draw `u` in [0, 1) starts in. */
export function initialActivity(u: number): number {
  if (u < INITIAL_SHARES[0]) return 0;
  return u < INITIAL_SHARES[0] + INITIAL_SHARES[1] ? 1 : 2;
}

/** The rate a customer with `restingBpm` settles at in `activity`, bpm. */
export function targetBpm(restingBpm: number, activity: number): number {
  return restingBpm + (ACTIVITY_OFFSET_BPM[activity] ?? 0);
}

/**
 * Advances customer `i` by `dtMs` to time `t` and returns its normal reading: maybe a new
 * activity (probability 1 − e^(−rate·dt)), the level moved towards the target, then drift
 * and noise added, rounded and clamped to the normal band. Consumes three draws. The rate
 * before noise is kept in `trueBpm` (the beats follow it, not the measurement noise).
 */
export function advanceHeartRate(
  states: CustomerStates,
  i: number,
  t: number,
  dtMs: number,
  prng: Prng,
  physiology: Readonly<PhysiologyOptions>,
): number {
  const activity = _nextActivity(states.activity[i]!, dtMs, prng.nextFloat());
  states.activity[i] = activity;
  const target = targetBpm(states.restingBpm[i]!, activity);
  const level = states.levelBpm[i]!;
  const tau = target > level ? RISE_TAU_MS : RECOVERY_TAU_MS;
  const next = target + (level - target) * Math.exp(-dtMs / tau);
  states.levelBpm[i] = next;
  const drift = physiology.driftAmplitudeBpm *
    Math.sin(
      (2 * Math.PI * (t % physiology.driftPeriodMs)) / physiology.driftPeriodMs +
        states.driftPhase[i]!,
    );
  const { normalMinBpm, normalMaxBpm } = physiology;
  states.trueBpm[i] = Math.min(normalMaxBpm, Math.max(normalMinBpm, next + drift));
  const reading = Math.round(next + drift + prng.nextGaussian() * physiology.noiseSdBpm);
  return Math.min(normalMaxBpm, Math.max(normalMinBpm, reading));
}

function _nextActivity(current: number, dtMs: number, u: number): number {
  const rates = TRANSITION_PER_S[current]!;
  let total = 0;
  for (const rate of rates) total += rate;
  const leave = 1 - Math.exp(-total * dtMs / 1000);
  if (u >= leave) return current;
  // Reuse the draw: u / leave is uniform in [0, 1) given that a transition happens.
  let pick = (u / leave) * total;
  for (let next = 0; next < rates.length; next++) {
    pick -= rates[next]!;
    if (pick < 0 && next !== current) return next;
  }
  return current === 0 ? 1 : 0;
}
