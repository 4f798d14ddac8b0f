/**
 * The per-second grid in event time: accepted readings go into the second they were
 * measured in, and when the newest second moves on, every second the watermark passes is
 * evaluated by the window rules, in order, before its slot is reused. The watermark is the
 * newest event second minus ALERT_REORDER_TOLERANCE_S: a second before it can no longer
 * receive readings (they would be late), so evaluating it then gives the same result in any
 * arrival order within the tolerance.
 */
import type { AlertReading } from "./types.ts";
import type { AlertContext } from "./_alert_context.ts";
import { evaluateIrregular, quantizeRr } from "./_irregular_rule.ts";
import { evaluateSpike, resolveSpikeIfDue } from "./_spike_rule.ts";
import { evaluateThresholds } from "./_threshold_rules.ts";
import { HISTORY_SECONDS } from "./limits.ts";
import { OFF_HR, OFF_RR, OFF_RR_INFO, RR_PER_SECOND, RR_SLOTS } from "./_state_layout.ts";

/**
 * Moves the newest event second to `newMax`, evaluating the seconds that become final
 * (`muted`: NO_DATA was open, so the threshold rules open nothing) and clearing the slots
 * the new seconds take over. Past the readings' reach only time-based resolutions remain.
 */
export function advanceTo(ctx: AlertContext, newMax: number, muted: boolean): void {
  const rec = ctx.rec;
  const oldMax = rec.maxSec;
  const lastFinal = newMax - ctx.config.reorderToleranceS - 1;
  const reach = Math.min(lastFinal, oldMax + HISTORY_SECONDS);
  for (let e = ctx.finalSec() + 1; e <= reach; e++) {
    evaluateThresholds(ctx, e, muted);
    evaluateSpike(ctx, e);
    evaluateIrregular(ctx, e);
  }
  if (lastFinal > reach) resolveSpikeIfDue(ctx, lastFinal);
  const base = rec.base;
  if (newMax - oldMax >= HISTORY_SECONDS) rec.bytes.fill(0, base + OFF_HR, base + OFF_RR);
  else for (let sec = oldMax + 1; sec <= newMax; sec++) rec.bytes[rec.hrIndex(sec)] = 0;
  if (newMax - oldMax >= RR_SLOTS) {
    rec.bytes.fill(0, base + OFF_RR, base + OFF_RR + RR_SLOTS * RR_PER_SECOND);
    rec.bytes[base + OFF_RR_INFO] = 0;
  } else {
    for (let sec = oldMax + 1; sec <= newMax; sec++) {
      const at = rec.rrIndex(sec);
      rec.bytes[at] = 0;
      rec.bytes[at + 1] = 0;
      rec.setHasRr(sec, false);
    }
  }
  rec.setMaxSec(newMax);
}

/**
 * Writes an accepted reading into second `sec` (within the grid). Two readings in one
 * second keep the rate farther from the middle of the LOW and HIGH thresholds (the more
 * anomalous; ties the lower) and the longer interval list (ties: the larger values), so
 * the result does not depend on which arrived first.
 */
export function acceptReading(ctx: AlertContext, sec: number, reading: AlertReading): void {
  const rec = ctx.rec;
  const bytes = rec.bytes;
  const bpm = Math.min(255, Math.max(1, Math.round(reading.heartRate)));
  const at = rec.hrIndex(sec);
  const held = bytes[at]!;
  bytes[at] = held === 0 ? bpm : moreAnomalous(ctx, held, bpm);

  const intervals = reading.rrIntervalsMs;
  if (intervals === undefined) return;
  const n = intervals.length;
  const newer = n >= 1 ? quantizeRr(intervals[n - 1]!) : 0;
  const older = n >= 2 ? quantizeRr(intervals[n - 2]!) : 0;
  const rr = rec.rrIndex(sec);
  if (rec.hasRr(sec) && !longerList(older, newer, bytes[rr]!, bytes[rr + 1]!)) return;
  bytes[rr] = older;
  bytes[rr + 1] = newer;
  rec.setHasRr(sec, true);
}

function moreAnomalous(ctx: AlertContext, a: number, b: number): number {
  const middle2 = ctx.config.lowBpm + ctx.config.highBpm;
  const da = Math.abs(2 * a - middle2);
  const db = Math.abs(2 * b - middle2);
  return db > da ? b : da > db ? a : Math.min(a, b);
}

function longerList(older: number, newer: number, heldOlder: number, heldNewer: number): boolean {
  const count = (older !== 0 ? 1 : 0) + (newer !== 0 ? 1 : 0);
  const heldCount = (heldOlder !== 0 ? 1 : 0) + (heldNewer !== 0 ? 1 : 0);
  if (count !== heldCount) return count > heldCount;
  return older !== heldOlder ? older > heldOlder : newer > heldNewer;
}
