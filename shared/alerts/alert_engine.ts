/**
 * The alert engine (issue #8): a pure, stateful rule engine that turns one customer's
 * readings into alert transitions. It keeps each customer's memory in a fixed-size byte
 * record ({@link ALERT_STATE_BYTES}; layout in `_state_layout.ts`) that the caller owns —
 * a slab of 100k customers, a `bytea` column — and mutates it in place. It does no I/O and
 * reads no clock: event times come with the readings, wall-clock time with each call.
 *
 * Rules (settings in `shared/config/settings.ts`, section `alerts`): LOW, HIGH,
 * EXTREME_LOW, EXTREME_HIGH (`_threshold_rules.ts`), SPIKE (`_spike_rule.ts`),
 * IRREGULAR_RHYTHM (`_irregular_rule.ts`), NO_DATA (`_no_data_rule.ts`). BASELINE_SHIFT is
 * not implemented: it did not fit the state budget.
 */
import type { AlertConfig } from "../config/settings.ts";
import type { AlertReading, AlertStep } from "./types.ts";
import { AlertContext } from "./_alert_context.ts";
import { acceptReading, advanceTo } from "./_event_seconds.ts";
import { noDataDeadlineMs, noDataMutes, resumeNoData, tickNoData } from "./_no_data_rule.ts";
import { openExtremeAhead } from "./_threshold_rules.ts";

export { ALERT_STATE_BYTES } from "./_state_layout.ts";

/** The alert rules over per-customer state records. */
export interface AlertEngine {
  /**
   * Applies one valid, de-duplicated reading that arrived at wall-clock `nowMs`; mutates
   * `state` in place (a Uint8Array of ALERT_STATE_BYTES bytes; all zeros = a customer never
   * seen). A reading older than the newest event second minus ALERT_REORDER_TOLERANCE_S is
   * late: counted in `late`, otherwise ignored (it changes nothing, not even NO_DATA).
   */
  onReading(state: Uint8Array, reading: AlertReading, nowMs: number): AlertStep;
  /** Wall-clock timers (NO_DATA, and anything that must happen without a new reading); mutates `state`. */
  onTick(state: Uint8Array, customerId: string, nowMs: number): AlertStep;
  /**
   * When onTick next has something to do for this customer (ms since epoch), or Infinity —
   * so a detector with 100k customers can keep a timer queue instead of ticking everyone
   * every second. Call it again after every onReading/onTick for that customer.
   */
  nextDeadlineMs(state: Uint8Array): number;
}

/**
 * Creates an engine for `config` (resolved `alerts` settings). An engine is synchronous and
 * holds no customer data, so one serves any number of customers and states; it may be used
 * by one caller at a time (it reuses a working set between calls).
 */
export function createAlertEngine(config: AlertConfig): AlertEngine {
  const ctx = new AlertContext(config);
  const tolerance = config.reorderToleranceS;
  return {
    onReading(state, reading, nowMs) {
      ctx.begin(state, reading.customerId);
      const rec = ctx.rec;
      const sec = Math.floor(reading.eventTimeMs / 1000);
      if (rec.maxSec !== 0 && sec < rec.maxSec - tolerance) {
        return { transitions: ctx.transitions, artifacts: 0, late: 1 };
      }
      const muted = noDataMutes(ctx);
      if (rec.maxSec === 0) rec.initialize(sec);
      else if (sec > rec.maxSec) advanceTo(ctx, sec, muted);
      acceptReading(ctx, sec, reading);
      resumeNoData(ctx, sec, reading.eventTimeMs, nowMs);
      rec.setArrivalMs(nowMs);
      openExtremeAhead(ctx);
      return { transitions: ctx.transitions, artifacts: ctx.artifacts, late: 0 };
    },
    onTick(state, customerId, nowMs) {
      ctx.begin(state, customerId);
      tickNoData(ctx, nowMs);
      return { transitions: ctx.transitions, artifacts: 0, late: 0 };
    },
    nextDeadlineMs(state) {
      ctx.rec.attach(state);
      return noDataDeadlineMs(ctx);
    },
  };
}
