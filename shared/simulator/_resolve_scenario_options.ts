/**
 * The checks of the options the evaluation's scenarios use (level shifts, artifacts, beat
 * rhythm), beside `_resolve_options.ts`, which runs them with the rest.
 */
import type { _Checks } from "./_resolve_options.ts";
import type {
  ArtifactOptions,
  LevelShiftOptions,
  RhythmOptions,
  ValidationLimits,
} from "./options.ts";

const DAY_MS = 86_400_000;

/** Checks `levelShift.*`; returns it as given. */
export function checkLevelShift(
  c: _Checks,
  v: LevelShiftOptions,
  limits: ValidationLimits,
): LevelShiftOptions {
  _jumpBand(c, "levelShift", v, limits);
  return v;
}

/** Checks `artifact.*`; returns it as given. */
export function checkArtifact(
  c: _Checks,
  v: ArtifactOptions,
  limits: ValidationLimits,
): ArtifactOptions {
  _jumpBand(c, "artifact", v, limits);
  return v;
}

/** Checks `rhythm.*`; returns it as given. */
export function checkRhythm(c: _Checks, v: RhythmOptions): RhythmOptions {
  c.number("rhythm.sinusCv", v.sinusCv, 0, 0.3);
  c.number("rhythm.ectopicRate", v.ectopicRate, 0, 0.5);
  c.number("rhythm.irregularCv", v.irregularCv, 0, 0.5);
  return v;
}

function _jumpBand(
  c: _Checks,
  name: string,
  v: LevelShiftOptions | ArtifactOptions,
  limits: ValidationLimits,
): void {
  c.number(`${name}.rate`, v.rate, 0, 1);
  c.whole(`${name}.minDurationMs`, v.minDurationMs, 1, DAY_MS);
  c.whole(`${name}.maxDurationMs`, v.maxDurationMs, 1, DAY_MS);
  c.whole(`${name}.minDeltaBpm`, v.minDeltaBpm, 1, 500);
  c.whole(`${name}.maxDeltaBpm`, v.maxDeltaBpm, 1, 500);
  c.whole(`${name}.minBpm`, v.minBpm, limits.heartRateMin, limits.heartRateMax);
  c.whole(`${name}.maxBpm`, v.maxBpm, limits.heartRateMin, limits.heartRateMax);
  c.require(
    v.minDurationMs <= v.maxDurationMs,
    `${name}.minDurationMs must not exceed ${name}.maxDurationMs`,
  );
  c.require(
    v.minDeltaBpm <= v.maxDeltaBpm,
    `${name}.minDeltaBpm must not exceed ${name}.maxDeltaBpm`,
  );
  c.require(v.minBpm < v.maxBpm, `${name}.minBpm must be below ${name}.maxBpm`);
}
