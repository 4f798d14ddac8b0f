/**
 * The alert layer's vocabulary, shared by the engine (`shared/alerts/`), the detector that
 * runs it, the evaluation (`deno task eval`) and the wire format (`alerts.v1`). Pure types
 * and constants: no I/O.
 *
 * An alert is one episode of one rule for one customer: at most one is open per
 * (customer, rule). It moves pending → firing → resolved (a pending alert whose condition
 * goes away before it is confirmed moves pending → resolved and was never notified). Each
 * move is an {@link AlertTransition}; `(alertId, seq)` identifies it, so a replay that
 * repeats it is a no-op downstream.
 */

/** The alert rules, in the order the engine evaluates them. */
export const ALERT_RULES = [
  "EXTREME_LOW",
  "EXTREME_HIGH",
  "LOW",
  "HIGH",
  "SPIKE",
  "NO_DATA",
  "IRREGULAR_RHYTHM",
  "BASELINE_SHIFT",
] as const;
/** An alert rule. */
export type AlertRule = typeof ALERT_RULES[number];

/** Priorities, lowest first (EXTREME_* are critical; LOW/HIGH/NO_DATA/IRREGULAR high). */
export const ALERT_PRIORITIES = ["low", "medium", "high", "critical"] as const;
/** A priority. */
export type AlertPriority = typeof ALERT_PRIORITIES[number];

/** The states of an alert. */
export const ALERT_STATUSES = ["pending", "firing", "resolved"] as const;
/** A state of an alert. */
export type AlertStatus = typeof ALERT_STATUSES[number];

/** A valid reading as the alert engine sees it (after validation and de-duplication). */
export interface AlertReading {
  readonly customerId: string;
  readonly eventId: string;
  /** When the device measured it, ms since the epoch (event time). */
  readonly eventTimeMs: number;
  /** Beats per minute. */
  readonly heartRate: number;
  /** Beat-to-beat intervals that ended within this reading's second, ms, oldest first. */
  readonly rrIntervalsMs?: readonly number[];
}

/** One move of one alert. */
export interface AlertTransition {
  /**
   * Deterministic: UUIDv5 of (customerId, rule, openedAtMs), so reprocessing the same
   * readings yields the same id (see {@link alertId} in `alert_id.ts`).
   */
  readonly alertId: string;
  readonly customerId: string;
  readonly rule: AlertRule;
  readonly priority: AlertPriority;
  /** The state before (null for the transition that opens the alert). */
  readonly from: AlertStatus | null;
  readonly to: AlertStatus;
  /** 1 for the opening transition, then +1 per transition of this alert. */
  readonly seq: number;
  /**
   * Event time the transition is about, ms: derived from the readings (never from arrival
   * order or processing time), except NO_DATA, which is opened by the wall clock.
   */
  readonly atMs: number;
  /** Event time the alert's episode began, ms (part of the id). */
  readonly openedAtMs: number;
  /** Set once the alert flapped (more than the allowed cycles in the flapping window). */
  readonly flapping: boolean;
  /** The figure that decided (bpm, irregularity, …), or null. */
  readonly value: number | null;
  /** The threshold it was compared with, or null. */
  readonly threshold: number | null;
  /** One sentence a person understands, e.g. "heart rate ≤ 50 bpm in 8 of the last 10 s". */
  readonly reason: string;
}

/** What one step of the engine yields besides the new state. */
export interface AlertStep {
  readonly transitions: AlertTransition[];
  /** Jumps that reverted within the spike confirmation window: counted, never alerted. */
  readonly artifacts: number;
  /** Readings older than the reorder tolerance allows: counted and otherwise ignored. */
  readonly late: number;
}
