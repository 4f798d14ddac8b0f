/**
 * The simulator scenarios: normal streams with 2 % artifacts, each with one kind of
 * injected, labelled episode, and one with every kind arriving reordered by up to 3 s.
 * Their bands follow the engine's thresholds so each episode means one thing: a
 * bradycardia stays between the extreme-low and the low threshold, an artifact never
 * reaches an extreme rate (a 1–3 s extreme reading is indistinguishable from an extreme
 * onset, which must alert within seconds), a level shift stays between low and high.
 */
import type { SimulatorOptions } from "../../shared/simulator/mod.ts";

/** The engine thresholds the scenarios are built around, bpm. */
export interface ScenarioThresholds {
  readonly lowBpm: number;
  readonly highBpm: number;
  readonly extremeLowBpm: number;
  readonly extremeHighBpm: number;
}

/** One scenario: simulator options on top of the common base. */
export interface ScenarioSpec {
  readonly name: string;
  readonly description: string;
  readonly options: Omit<SimulatorOptions, "startMs">;
  /** Arrival jitter, ms (see `replay.ts`). */
  readonly reorderMs: number;
}

/** Per reading: about one episode start every this many seconds of normal stream. */
const EVERY_S = 600;
/** Artifacts of 1–3 s at this rate per reading cover about 2 % of readings. */
const ARTIFACT_RATE = 0.01;

/** Every scenario, for thresholds `t`. */
export function scenarioSpecs(t: ScenarioThresholds): ScenarioSpec[] {
  const off = { rate: 0 };
  const base: Omit<SimulatorOptions, "startMs"> = {
    invalidRate: 0,
    deviceIds: false,
    rrIntervals: true,
    rhythm: { ectopicRate: 0.002 },
    bradycardia: off,
    tachycardia: off,
    spike: off,
    dropout: off,
    artifact: { rate: ARTIFACT_RATE, minBpm: t.extremeLowBpm + 1, maxBpm: t.extremeHighBpm - 1 },
  };
  const brady = { minBpm: t.extremeLowBpm + 3, maxBpm: t.lowBpm - 3 };
  const tachy = { minBpm: t.highBpm + 5, maxBpm: t.extremeHighBpm - 5 };
  const extremeLow = { minBpm: Math.max(22, t.extremeLowBpm - 12), maxBpm: t.extremeLowBpm - 3 };
  const extremeHigh = {
    minBpm: t.extremeHighBpm + 5,
    maxBpm: Math.min(240, t.extremeHighBpm + 40),
  };
  const shift = { minBpm: t.lowBpm + 5, maxBpm: t.highBpm - 10 };
  const every = (s: number) => 1 / s;
  const spec = (
    name: string,
    description: string,
    options: Omit<SimulatorOptions, "startMs">,
    reorderMs = 0,
  ): ScenarioSpec => ({ name, description, options: { ...base, ...options }, reorderMs });
  return [
    spec("normal", "no episodes", {}),
    spec("bradycardia", `${brady.minBpm}-${brady.maxBpm} bpm for 30-300 s`, {
      bradycardia: { rate: every(EVERY_S), ...brady },
    }),
    spec("tachycardia", `${tachy.minBpm}-${tachy.maxBpm} bpm for 30-300 s`, {
      tachycardia: { rate: every(EVERY_S), ...tachy },
    }),
    spec(
      "extreme",
      `${extremeLow.minBpm}-${extremeLow.maxBpm} or ${extremeHigh.minBpm}-${extremeHigh.maxBpm} bpm for 10-120 s`,
      {
        extremeBradycardia: { rate: every(2 * EVERY_S), ...extremeLow },
        extremeTachycardia: { rate: every(2 * EVERY_S), ...extremeHigh },
      },
    ),
    spec("level_shift", "jumps of 35-50 bpm held 60-300 s", {
      levelShift: { rate: every(EVERY_S), ...shift },
    }),
    spec("dropout", "no readings for 5-120 s", { dropout: { rate: every(EVERY_S / 2) } }),
    spec("irregular", "AF-like RR for 60-600 s", {
      irregularRhythm: { rate: every(EVERY_S) },
    }),
    spec(
      "reordering",
      "every kind above, arrival order shuffled within 3 s",
      {
        bradycardia: { rate: every(6 * EVERY_S), ...brady },
        tachycardia: { rate: every(6 * EVERY_S), ...tachy },
        extremeBradycardia: { rate: every(12 * EVERY_S), ...extremeLow },
        extremeTachycardia: { rate: every(12 * EVERY_S), ...extremeHigh },
        levelShift: { rate: every(6 * EVERY_S), ...shift },
        dropout: { rate: every(3 * EVERY_S) },
        irregularRhythm: { rate: every(6 * EVERY_S) },
      },
      3_000,
    ),
  ];
}
