/**
 * Replays one customer's readings through the alert engine at full speed, on a simulated
 * clock, and through the raw per-reading rules for comparison. Pure: the engine comes in
 * as a port, time is the readings'.
 *
 * Arrival: each reading reaches the detector at its event time plus `ingestDelayMs`, plus,
 * when `reorderMs` > 0, a random extra delay in [0, reorderMs) (seeded per customer and
 * reading), so readings up to that far apart arrive out of order. The engine sees each
 * reading at its arrival (`nowMs`); between arrivals the clock is ticked every whole
 * second and at the engine's own deadline, until the end of observation, so wall-clock
 * timers (NO_DATA) fire as they would live. The raw rules see the readings in arrival order.
 */
import type { AlertReading, AlertStep, AlertTransition } from "../../shared/alerts/types.ts";
import type { AnomalyConfig } from "../../shared/config/mod.ts";
import type { AnomalyType } from "../../shared/contract/mod.ts";
import { type CustomerState, evaluateReading } from "../../shared/rules/mod.ts";
import { hash32 } from "../../shared/simulator/mod.ts";
import type { LabelledSeries } from "./series.ts";

/** The alert engine as the replay drives it (what `shared/alerts/mod.ts` exports). */
export interface AlertEnginePort {
  /** Bytes of one customer's state; zeros are a customer not seen before. */
  readonly stateBytes: number;
  onReading(state: Uint8Array, reading: AlertReading, nowMs: number): AlertStep;
  onTick(state: Uint8Array, customerId: string, nowMs: number): AlertStep;
  /** When the engine next needs `onTick` for this customer, epoch ms (Infinity: never). */
  nextDeadlineMs(state: Uint8Array): number;
}

/** How to replay. */
export interface ReplayOptions {
  /** From event time to the detector, ms. */
  readonly ingestDelayMs: number;
  /** Largest extra arrival delay (reordering), ms; 0: in order. */
  readonly reorderMs: number;
  /** Seed of the arrival jitter. */
  readonly seed: number;
  /** The raw per-reading rules' thresholds. */
  readonly anomaly: AnomalyConfig;
}

/** What one series produced. */
export interface ReplayResult {
  readonly transitions: AlertTransition[];
  /** When each transition was emitted: the `nowMs` of the call that returned it. */
  readonly emittedAtMs: number[];
  /** Findings of the raw per-reading rules, by type. */
  readonly raw: Record<AnomalyType, number>;
  /** Artifacts the engine counted (jumps that reverted). */
  readonly artifacts: number;
  /** Readings the engine found too late (beyond its reorder tolerance). */
  readonly late: number;
}

const TICK_MS = 1000;

/** Replays `series` (customer number `index`, for the jitter's seed) through `engine`. */
export function replaySeries(
  series: LabelledSeries,
  index: number,
  engine: AlertEnginePort,
  options: ReplayOptions,
): ReplayResult {
  const arrivals = series.readings.map((reading, k) => ({
    reading,
    atMs: reading.eventTimeMs + options.ingestDelayMs +
      (options.reorderMs > 0
        ? Math.floor((hash32(options.seed, index, k) / 4_294_967_296) * options.reorderMs)
        : 0),
  })).sort((a, b) => a.atMs - b.atMs || a.reading.eventTimeMs - b.reading.eventTimeMs);
  const state = new Uint8Array(engine.stateBytes);
  const result: { -readonly [K in keyof ReplayResult]: ReplayResult[K] } = {
    transitions: [],
    emittedAtMs: [],
    raw: { LOW_HEART_RATE: 0, HIGH_HEART_RATE: 0, SPIKE: 0 },
    artifacts: 0,
    late: 0,
  };
  const take = (step: AlertStep, nowMs: number) => {
    for (const t of step.transitions) {
      result.transitions.push(t);
      result.emittedAtMs.push(nowMs);
    }
    result.artifacts += step.artifacts;
    result.late += step.late;
  };
  let clock = -Infinity;
  /** Ticks at every engine deadline and whole second up to `untilMs` (inclusive). */
  const advance = (untilMs: number) => {
    for (;;) {
      const deadline = engine.nextDeadlineMs(state);
      const second = Math.floor(clock / TICK_MS) * TICK_MS + TICK_MS;
      const next = Math.min(deadline > clock ? deadline : Infinity, second);
      if (!(next <= untilMs)) return;
      clock = next;
      take(engine.onTick(state, series.customerId, next), next);
    }
  };
  let rawState: CustomerState | undefined;
  for (const { reading, atMs } of arrivals) {
    if (clock === -Infinity) clock = atMs;
    advance(atMs);
    clock = Math.max(clock, atMs);
    take(engine.onReading(state, reading, atMs), atMs);
    const evaluation = evaluateReading(reading, rawState, options.anomaly);
    rawState = evaluation.nextState;
    for (const finding of evaluation.findings) result.raw[finding.type]++;
  }
  if (clock !== -Infinity) advance(series.endMs + options.ingestDelayMs);
  return result;
}
