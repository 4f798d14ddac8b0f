/**
 * The real alert engine (`shared/alerts`) behind the replay's port, and the settings the
 * label mappings borrow from its configuration (so the scenarios and the expected
 * NO_DATA episodes follow whatever thresholds the detector runs with).
 */
import { ALERT_STATE_BYTES, createAlertEngine } from "../../shared/alerts/mod.ts";
import type { AlertConfig } from "../../shared/config/mod.ts";
import type { AlertEnginePort } from "./replay.ts";
import type { ScenarioThresholds } from "./scenarios.ts";

/** The engine for `config`, as the replay drives it. */
export function createEnginePort(config: AlertConfig): AlertEnginePort {
  const engine = createAlertEngine(config);
  return {
    stateBytes: ALERT_STATE_BYTES,
    onReading: (state, reading, nowMs) => engine.onReading(state, reading, nowMs),
    onTick: (state, customerId, nowMs) => engine.onTick(state, customerId, nowMs),
    nextDeadlineMs: (state) => engine.nextDeadlineMs(state),
  };
}

/** What the scenarios and the label mappings take from the alert settings. */
export interface EvalSettings {
  readonly thresholds: ScenarioThresholds;
  /** ALERT_NO_DATA_TIMEOUT_S, ms. */
  readonly noDataAfterMs: number;
}

/** The evaluation's view of `config`. */
export function evalSettingsOf(config: AlertConfig): EvalSettings {
  return {
    thresholds: {
      lowBpm: config.lowBpm,
      highBpm: config.highBpm,
      extremeLowBpm: config.extremeLowBpm,
      extremeHighBpm: config.extremeHighBpm,
    },
    noDataAfterMs: config.noDataTimeoutMs,
  };
}
