/**
 * The per-reading anomaly rules (LOW_HEART_RATE, HIGH_HEART_RATE, SPIKE) as a pure engine:
 * a reading and the customer's state in, findings and the next state out; plus the
 * deterministic anomaly id and the anomaly message built from a finding; and the state as a
 * fixed-size byte record (for the detector's slab). No I/O.
 */
export {
  evaluateReading,
  type Evaluation,
  type Finding,
  type HeartRateReading,
} from "./evaluate_reading.ts";
export { type CustomerState, RECENT_EVENT_IDS } from "./customer_state.ts";
export {
  CUSTOMER_STATE_BYTES,
  decodeCustomerState,
  encodeCustomerState,
} from "./customer_state_bytes.ts";
export { ANOMALY_ID_NAMESPACE, anomalyId } from "./anomaly_id.ts";
export { toAnomalyEvent } from "./to_anomaly_event.ts";
