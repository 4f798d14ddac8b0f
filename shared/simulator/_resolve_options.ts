/**
 * The checks behind `resolveSimulatorOptions`: each setting against its range, then the
 * settings against each other. Problems are collected, never thrown one by one, so a
 * caller sees every mistake at once.
 */
import { REASON_CODES } from "../contract/mod.ts";
import { SimulatorError } from "./errors.ts";
import { checkArtifact, checkLevelShift, checkRhythm } from "./_resolve_scenario_options.ts";
import type {
  BurstOptions,
  DropoutOptions,
  LevelEpisodeOptions,
  PhysiologyOptions,
  ResolvedSimulatorOptions,
  SimulatorOptions,
  SpikeOptions,
  ValidationLimits,
} from "./options.ts";

/** 9999-01-01: later times have no four-digit year, which RFC 3339 event times need. */
const LAST_START_MS = 253_370_764_800_000;
const DAY_MS = 86_400_000;
const MAX_ID_LENGTH = 64;

/** Collects problems; exported for the checks of `_resolve_scenario_options.ts`. */
export class _Checks {
  readonly problems: string[] = [];

  whole(name: string, value: unknown, min: number, max: number): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      this.fail(name, value, `expected a whole number from ${min} to ${max}`);
    }
    return value as number;
  }

  number(name: string, value: unknown, min: number, max: number, minOpen = false): number {
    const low = minOpen ? value as number <= min : value as number < min;
    if (typeof value !== "number" || !Number.isFinite(value) || low || value > max) {
      this.fail(
        name,
        value,
        `expected a number from ${min}${minOpen ? " (excluded)" : ""} to ${max}`,
      );
    }
    return value as number;
  }

  require(condition: boolean, message: string): void {
    if (!condition) this.problems.push(message);
  }

  fail(name: string, value: unknown, expected: string): void {
    const shown = value === undefined
      ? "(unset)"
      : typeof value === "string"
      ? JSON.stringify(value)
      : Array.isArray(value)
      ? `[${value.length} items]`
      : String(value);
    this.problems.push(`${name}=${shown}: ${expected}`);
  }
}

/** Defaults filled in and every rule checked; throws one error listing all problems. */
export function resolveAll(
  options: SimulatorOptions,
  defaults: Omit<ResolvedSimulatorOptions, "startMs">,
): ResolvedSimulatorOptions {
  const c = new _Checks();
  const customers = c.whole("customers", options.customers ?? defaults.customers, 1, 10_000_000);
  const digits = c.whole(
    "customerIdDigits",
    options.customerIdDigits ?? defaults.customerIdDigits,
    1,
    20,
  );
  const prefix = options.customerIdPrefix ?? defaults.customerIdPrefix;
  if (typeof prefix !== "string" || !/^[!-~]*$/.test(prefix)) {
    c.fail("customerIdPrefix", prefix, "expected printable ASCII without spaces");
  } else if (prefix.length + Math.max(digits, String(customers).length) > MAX_ID_LENGTH) {
    c.fail(
      "customerIdPrefix",
      prefix,
      `too long: customer ids must fit in ${MAX_ID_LENGTH} characters`,
    );
  }
  const invalidRate = c.number("invalidRate", options.invalidRate ?? defaults.invalidRate, 0, 1);
  const invalidReasons = options.invalidReasons ?? defaults.invalidReasons;
  const unknown = Array.isArray(invalidReasons)
    ? invalidReasons.filter((r) => !(REASON_CODES as readonly string[]).includes(r))
    : [];
  if (!Array.isArray(invalidReasons) || unknown.length > 0) {
    c.fail(
      "invalidReasons",
      unknown[0] ?? invalidReasons,
      `expected reason codes from ${REASON_CODES.join(", ")}`,
    );
  } else if (invalidReasons.length === 0 && invalidRate > 0) {
    c.fail("invalidReasons", invalidReasons, "expected at least one reason when invalidRate > 0");
  }
  const limits = _limits(c, _merge(defaults.limits, options.limits));
  const physiology = _physiology(c, _merge(defaults.physiology, options.physiology), limits);
  const bradycardia = _level(
    c,
    "bradycardia",
    _merge(defaults.bradycardia, options.bradycardia),
    limits,
  );
  const tachycardia = _level(
    c,
    "tachycardia",
    _merge(defaults.tachycardia, options.tachycardia),
    limits,
  );
  const spike = _spike(c, _merge(defaults.spike, options.spike));
  const dropout = _dropout(c, _merge(defaults.dropout, options.dropout));
  const extremeBradycardia = _level(
    c,
    "extremeBradycardia",
    _merge(defaults.extremeBradycardia, options.extremeBradycardia),
    limits,
  );
  const extremeTachycardia = _level(
    c,
    "extremeTachycardia",
    _merge(defaults.extremeTachycardia, options.extremeTachycardia),
    limits,
  );
  const levelShift = checkLevelShift(c, _merge(defaults.levelShift, options.levelShift), limits);
  const artifact = checkArtifact(c, _merge(defaults.artifact, options.artifact), limits);
  const irregularRhythm = _level(
    c,
    "irregularRhythm",
    _merge(defaults.irregularRhythm, options.irregularRhythm),
    limits,
  );
  const rrIntervals = options.rrIntervals ?? defaults.rrIntervals;
  if (typeof rrIntervals !== "boolean") {
    c.fail("rrIntervals", rrIntervals, "expected true or false");
  }
  c.require(
    irregularRhythm.rate === 0 || rrIntervals === true,
    `irregularRhythm.rate=${irregularRhythm.rate} needs rrIntervals: true (its readings are computed from the beats)`,
  );
  const rhythm = checkRhythm(c, _merge(defaults.rhythm, options.rhythm));
  const totalRate = bradycardia.rate + tachycardia.rate + spike.rate + dropout.rate +
    extremeBradycardia.rate + extremeTachycardia.rate + levelShift.rate + artifact.rate +
    irregularRhythm.rate;
  c.require(
    totalRate <= 1,
    `episode rates add up to ${totalRate}: expected at most 1 (they are probabilities per reading)`,
  );
  const bursts = options.bursts ?? defaults.bursts;
  if (!Array.isArray(bursts)) c.fail("bursts", bursts, "expected an array of bursts");
  else bursts.forEach((burst, i) => _burst(c, `bursts[${i}]`, burst));
  const resolved: ResolvedSimulatorOptions = {
    startMs: c.whole("startMs", options.startMs, 0, LAST_START_MS),
    seed: c.whole(
      "seed",
      options.seed ?? defaults.seed,
      Number.MIN_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER,
    ),
    customers,
    customerIdPrefix: prefix,
    customerIdDigits: digits,
    intervalMs: c.whole("intervalMs", options.intervalMs ?? defaults.intervalMs, 1, DAY_MS),
    deviceIds: options.deviceIds ?? defaults.deviceIds,
    invalidRate,
    invalidReasons: [...invalidReasons],
    limits,
    physiology,
    bradycardia,
    tachycardia,
    spike,
    dropout,
    extremeBradycardia,
    extremeTachycardia,
    levelShift,
    artifact,
    irregularRhythm,
    rrIntervals,
    rhythm,
    bursts: Array.isArray(bursts) ? bursts.map((b) => ({ ...b })) : [],
  };
  if (typeof resolved.deviceIds !== "boolean") {
    c.fail("deviceIds", resolved.deviceIds, "expected true or false");
  }
  if (c.problems.length > 0) {
    throw new SimulatorError(
      "SIMULATOR_OPTIONS_INVALID",
      `Invalid simulator options: ${
        c.problems.join("; ")
      }. Fix the options passed to createSimulator.`,
    );
  }
  return resolved;
}

/** The defaults with the given fields over them; a field given as undefined keeps its default. */
function _merge<T extends object>(defaults: T, given: Partial<T> | undefined): T {
  const merged = { ...defaults };
  for (const [key, value] of Object.entries(given ?? {})) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

function _limits(c: _Checks, v: ValidationLimits): ValidationLimits {
  c.whole("limits.heartRateMin", v.heartRateMin, 0, 400);
  c.whole("limits.heartRateMax", v.heartRateMax, 1, 1000);
  c.whole("limits.maxMessageBytes", v.maxMessageBytes, 256, 10_000_000);
  c.whole("limits.maxFutureMs", v.maxFutureMs, 0, DAY_MS);
  c.whole("limits.maxAgeMs", v.maxAgeMs, 1, 366 * DAY_MS);
  c.require(
    v.heartRateMin < v.heartRateMax,
    `limits.heartRateMin (${v.heartRateMin}) must be below limits.heartRateMax (${v.heartRateMax})`,
  );
  return v;
}

function _physiology(
  c: _Checks,
  v: PhysiologyOptions,
  limits: ValidationLimits,
): PhysiologyOptions {
  c.number("physiology.restingMinBpm", v.restingMinBpm, 1, 400);
  c.number("physiology.restingMaxBpm", v.restingMaxBpm, 1, 400);
  c.number("physiology.noiseSdBpm", v.noiseSdBpm, 0, 50);
  c.number("physiology.driftAmplitudeBpm", v.driftAmplitudeBpm, 0, 50);
  c.whole("physiology.driftPeriodMs", v.driftPeriodMs, 1, 366 * DAY_MS);
  c.whole("physiology.normalMinBpm", v.normalMinBpm, limits.heartRateMin, limits.heartRateMax);
  c.whole("physiology.normalMaxBpm", v.normalMaxBpm, limits.heartRateMin, limits.heartRateMax);
  c.require(
    v.restingMinBpm <= v.restingMaxBpm,
    "physiology.restingMinBpm must not exceed physiology.restingMaxBpm",
  );
  c.require(
    v.normalMinBpm < v.normalMaxBpm,
    "physiology.normalMinBpm must be below physiology.normalMaxBpm",
  );
  return v;
}

function _level(
  c: _Checks,
  name: string,
  v: LevelEpisodeOptions,
  limits: ValidationLimits,
): LevelEpisodeOptions {
  c.number(`${name}.rate`, v.rate, 0, 1);
  c.whole(`${name}.minDurationMs`, v.minDurationMs, 1, DAY_MS);
  c.whole(`${name}.maxDurationMs`, v.maxDurationMs, 1, DAY_MS);
  c.whole(`${name}.minBpm`, v.minBpm, limits.heartRateMin, limits.heartRateMax);
  c.whole(`${name}.maxBpm`, v.maxBpm, limits.heartRateMin, limits.heartRateMax);
  c.require(
    v.minDurationMs <= v.maxDurationMs,
    `${name}.minDurationMs must not exceed ${name}.maxDurationMs`,
  );
  c.require(v.minBpm <= v.maxBpm, `${name}.minBpm must not exceed ${name}.maxBpm`);
  return v;
}

function _spike(c: _Checks, v: SpikeOptions): SpikeOptions {
  c.number("spike.rate", v.rate, 0, 1);
  c.whole("spike.minDeltaBpm", v.minDeltaBpm, 1, 500);
  c.whole("spike.maxDeltaBpm", v.maxDeltaBpm, 1, 500);
  c.require(v.minDeltaBpm <= v.maxDeltaBpm, "spike.minDeltaBpm must not exceed spike.maxDeltaBpm");
  return v;
}

function _dropout(c: _Checks, v: DropoutOptions): DropoutOptions {
  c.number("dropout.rate", v.rate, 0, 1);
  c.whole("dropout.minDurationMs", v.minDurationMs, 1, DAY_MS);
  c.whole("dropout.maxDurationMs", v.maxDurationMs, 1, DAY_MS);
  c.require(
    v.minDurationMs <= v.maxDurationMs,
    "dropout.minDurationMs must not exceed dropout.maxDurationMs",
  );
  return v;
}

function _burst(c: _Checks, name: string, v: BurstOptions): void {
  if (v === null || typeof v !== "object") return c.fail(name, v, "expected a burst object");
  c.whole(`${name}.startMs`, v.startMs, 0, LAST_START_MS);
  c.whole(`${name}.durationMs`, v.durationMs, 1, 366 * DAY_MS);
  c.number(`${name}.customerFraction`, v.customerFraction, 0, 1, true);
  c.number(`${name}.rateMultiplier`, v.rateMultiplier, 1, 1000);
}
