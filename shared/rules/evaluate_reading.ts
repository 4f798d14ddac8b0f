/**
 * The spec's per-reading anomaly rules as a pure function of (reading, state, config). The
 * rules are independent, so one reading may raise several findings (LOW and SPIKE).
 */
import type { AnomalyConfig } from "../config/settings.ts";
import type { AnomalyType, Severity } from "../contract/mod.ts";
import { advanceState, type CustomerState } from "./customer_state.ts";

/** A valid reading, as the detector hands it to the rules. */
export interface HeartRateReading {
  /** The producer's UUID for the reading; with the customer, the idempotency key. */
  readonly eventId: string;
  readonly customerId: string;
  /** Beats per minute. */
  readonly heartRate: number;
  /** When the device measured it, ms since the epoch. */
  readonly eventTimeMs: number;
}

/** One rule that fired for a reading. */
export interface Finding {
  readonly type: AnomalyType;
  readonly severity: Severity;
  /** The threshold in force, bpm (for SPIKE, the change in bpm). */
  readonly threshold: number;
  /** SPIKE: the customer's previous heart rate; otherwise null. */
  readonly previousHeartRate: number | null;
}

/** What evaluating a reading yields: the rules that fired and the customer's next state. */
export interface Evaluation {
  readonly findings: Finding[];
  readonly nextState: CustomerState;
}

/**
 * Applies the per-reading rules to `reading`, given the customer's `state` (undefined for
 * a customer not seen before). LOW_HEART_RATE fires at or below `config.lowThreshold`
 * (default 50) and HIGH_HEART_RATE at or above `config.highThreshold` (default 140), both
 * severity "high"; SPIKE, severity "medium", fires when the rate differs from the
 * customer's previously evaluated reading (arrival order) by at least `config.spikeDelta`
 * (default 30) bpm, so never on a first reading. A reading whose event id is among the
 * customer's recent ones is a re-delivery: it raises nothing and returns `state` as it was.
 */
export function evaluateReading(
  reading: HeartRateReading,
  state: CustomerState | undefined,
  config: AnomalyConfig,
): Evaluation {
  const nextState = advanceState(state, reading.eventId, reading.heartRate);
  const findings: Finding[] = [];
  if (nextState === state) return { findings, nextState };

  const { heartRate } = reading;
  if (heartRate <= config.lowThreshold) {
    findings.push(finding("LOW_HEART_RATE", "high", config.lowThreshold, null));
  }
  if (heartRate >= config.highThreshold) {
    findings.push(finding("HIGH_HEART_RATE", "high", config.highThreshold, null));
  }
  if (state !== undefined && Math.abs(heartRate - state.lastHeartRate) >= config.spikeDelta) {
    findings.push(finding("SPIKE", "medium", config.spikeDelta, state.lastHeartRate));
  }
  return { findings, nextState };
}

function finding(
  type: AnomalyType,
  severity: Severity,
  threshold: number,
  previousHeartRate: number | null,
): Finding {
  return { type, severity, threshold, previousHeartRate };
}
