/**
 * The threshold rules on the per-second heart rate:
 *
 * - LOW / HIGH open when at least ALERT_WINDOW_MIN_S of the last ALERT_WINDOW_S seconds are
 *   beyond ANOMALY_LOW_THRESHOLD / ANOMALY_HIGH_THRESHOLD (seconds without a reading count
 *   as not beyond, so a gap cannot open them); the episode began at the first such second.
 * - EXTREME_LOW / EXTREME_HIGH open on ALERT_EXTREME_RUN_S consecutive extreme seconds; the
 *   episode began at the run's first second. While one is open, the same side's LOW/HIGH
 *   does not open (from the event second it was confirmed on).
 * - All four resolve after ALERT_CLOSE_S readings in a row on the safe side of their close
 *   threshold (seconds without readings neither count nor reset), or ALERT_FLAP_WINDOW_S
 *   readings once flapping. While NO_DATA is open none of them opens.
 *
 * Every decision is a function of final seconds (the watermark has passed them), so the
 * arrival order within the reorder tolerance changes nothing. EXTREME also has a fast path
 * ({@link openExtremeAhead}) that opens as soon as the seconds received make the decision
 * certain: the run is there and the second before it is a non-extreme reading or final.
 * That is exact while each second has one reading; should a second reading for the second
 * before the run arrive later and be extreme, the alert keeps the start it was opened with.
 */
import { type AlertContext, EXTREME_SLOTS, WINDOW_SLOTS } from "./_alert_context.ts";
import type { Slot } from "./_state_layout.ts";

const NO = 0;
const YES = 1;
const UNKNOWN = -1;

/** Applies the four threshold rules to final second `e`. */
export function evaluateThresholds(ctx: AlertContext, e: number, muted: boolean): void {
  for (const slot of EXTREME_SLOTS) {
    if (ctx.isOpen(slot)) {
      if (e >= ctx.rec.openedAt(slot)) countSafeSecond(ctx, slot, e);
    } else if (!muted && extremeRunEndsAt(ctx, slot, e, e) === YES) {
      openExtreme(ctx, slot, e);
    }
  }
  for (const slot of WINDOW_SLOTS) {
    if (ctx.isOpen(slot)) countSafeSecond(ctx, slot, e);
    else if (!muted && !inhibited(ctx, slot, e)) openWindowIfMost(ctx, slot, e);
  }
}

/**
 * The EXTREME fast path: opens EXTREME_LOW/HIGH for a run ending in a second the watermark
 * has not passed yet, when the seconds received already decide it. It stops at the first
 * undecidable second, so it never opens a run that an earlier one would have preceded.
 */
export function openExtremeAhead(ctx: AlertContext): void {
  const finalSec = ctx.finalSec();
  for (const slot of EXTREME_SLOTS) {
    if (ctx.isOpen(slot)) continue;
    for (let s = finalSec + 1; s <= ctx.rec.maxSec; s++) {
      const decided = extremeRunEndsAt(ctx, slot, s, finalSec);
      if (decided === UNKNOWN) break;
      if (decided === YES) {
        openExtreme(ctx, slot, s);
        break;
      }
    }
  }
}

/**
 * Whether a run of exactly ALERT_EXTREME_RUN_S extreme seconds so far starts at
 * `s − run + 1` (the second before it is not extreme): YES, NO or UNKNOWN, where seconds
 * after `finalSec` without a reading may still receive one.
 */
function extremeRunEndsAt(ctx: AlertContext, slot: Slot, s: number, finalSec: number): number {
  const run = ctx.config.extremeRunS;
  let unknown = false;
  for (let sec = s; sec > s - run; sec--) {
    const bpm = ctx.rec.hr(sec);
    if (bpm === 0) {
      if (sec <= finalSec) return NO;
      unknown = true;
    } else if (!ctx.beyond(slot, bpm)) {
      return NO;
    }
  }
  if (unknown) return UNKNOWN;
  const before = ctx.rec.hr(s - run);
  if (before === 0) return s - run <= finalSec ? YES : UNKNOWN;
  return ctx.beyond(slot, before) ? NO : YES;
}

function openExtreme(ctx: AlertContext, slot: Slot, s: number): void {
  const run = ctx.config.extremeRunS;
  let worst = ctx.rec.hr(s);
  for (let sec = s - run + 1; sec < s; sec++) worst = worse(ctx, slot, worst, ctx.rec.hr(sec));
  const threshold = ctx.threshold[slot]!;
  const reason = `heart rate ${ctx.lowSide[slot] ? "≤" : "≥"} ${threshold} bpm for ${run} ` +
    `consecutive seconds (${ctx.lowSide[slot] ? "lowest" : "highest"} ${worst} bpm)`;
  ctx.open(slot, s - run + 1, s * 1000, worst, threshold, reason, reason);
}

/** LOW/HIGH do not open while the same side's EXTREME is open, from its confirming second. */
function inhibited(ctx: AlertContext, slot: Slot, e: number): boolean {
  const extreme = slot - 2;
  return ctx.isOpen(extreme) &&
    ctx.rec.openedAt(extreme) + ctx.config.extremeRunS - 1 <= e;
}

function openWindowIfMost(ctx: AlertContext, slot: Slot, e: number): void {
  const { windowS, windowMinS } = ctx.config;
  let count = 0;
  let misses = 0;
  let first = 0;
  let worst = 0;
  // Newest first, so ordinary seconds stop after windowS - windowMinS + 1 reads.
  for (let sec = e; sec > e - windowS; sec--) {
    const bpm = ctx.rec.hr(sec);
    if (!ctx.beyond(slot, bpm)) {
      if (++misses > windowS - windowMinS) return;
      continue;
    }
    count++;
    first = sec;
    worst = worst === 0 ? bpm : worse(ctx, slot, worst, bpm);
  }
  if (count < windowMinS) return;
  const threshold = ctx.threshold[slot]!;
  const reason = `heart rate ${ctx.lowSide[slot] ? "≤" : "≥"} ${threshold} bpm in ${count} ` +
    `of the last ${windowS} s`;
  ctx.open(slot, first, e * 1000, worst, threshold, reason, reason);
}

/** Counts second `e` towards resolving slot's open alert, and resolves it when due. */
function countSafeSecond(ctx: AlertContext, slot: Slot, e: number): void {
  const bpm = ctx.rec.hr(e);
  if (bpm === 0) return;
  if (!ctx.safe(slot, bpm)) {
    ctx.setSafeRun(slot, 0);
    return;
  }
  const run = ctx.safeRun(slot) + 1;
  const needed = ctx.safeRunToClose(slot);
  if (run < needed) {
    ctx.setSafeRun(slot, run);
    return;
  }
  const close = ctx.closeThreshold[slot]!;
  const flapping = ctx.isFlapping(slot) ? " (it was flapping)" : "";
  ctx.resolve(
    slot,
    e * 1000,
    bpm,
    close,
    `heart rate ${ctx.lowSide[slot] ? "above" : "below"} ${close} bpm for ${needed} readings ` +
      `in a row${flapping}`,
  );
}

function worse(ctx: AlertContext, slot: Slot, a: number, b: number): number {
  return ctx.lowSide[slot] ? Math.min(a, b) : Math.max(a, b);
}
