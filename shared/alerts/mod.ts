/**
 * Alerts (issue #8): the pure alert engine — readings and wall-clock ticks in, alert
 * transitions (pending → firing → resolved) out, per-customer memory in a fixed-size byte
 * record the caller owns — plus the deterministic alert id and the alert vocabulary.
 */
export { ALERT_STATE_BYTES, type AlertEngine, createAlertEngine } from "./alert_engine.ts";
export { ALERT_ID_NAMESPACE, alertId } from "./alert_id.ts";
export {
  ALERT_PRIORITIES,
  ALERT_RULES,
  ALERT_STATUSES,
  type AlertPriority,
  type AlertReading,
  type AlertRule,
  type AlertStatus,
  type AlertStep,
  type AlertTransition,
} from "./types.ts";
export {
  HISTORY_SECONDS,
  MAX_EXTREME_RUN_S,
  MAX_FLAP_CYCLES,
  MAX_FLAP_WINDOW_S,
  MAX_REORDER_TOLERANCE_S,
} from "./limits.ts";
