/**
 * SPIKE: a sudden change of level that holds. A second `j` is a jump when its rate differs
 * by at least ANOMALY_SPIKE_DELTA (Δ) from the median of the ALERT_SPIKE_BASELINE_S seconds
 * before it (at least half of them with readings); it is the onset of a jump unless the
 * reading before it already was that far on the same side. An onset is judged once the
 * ALERT_SPIKE_CONFIRM_S seconds from it are final, on their later half (the last ⌈confirm/2⌉
 * seconds: 4 of 7) only, so that an artifact — a jump that reverts within seconds — has
 * gone by then. The level held when, in that later half, every reading is still at least
 * Δ/2 from the baseline on the jump's side (it never came even halfway back), their spread
 * is at most Δ/2 (a real new level is steady; rates swinging by more, as in atrial
 * fibrillation or around pauses, are no level), their median is at least Δ from the baseline
 * and at least half of the seconds have readings; and when it changes one level for another
 * (see {@link isLevelChange}: the baseline was steady, and the new level is not where the rate
 * already was for more than a third of it). Then a SPIKE opens (episode at `j`); otherwise the
 * onset was an artifact, counted in `AlertStep.artifacts` and never alerted. Any number of
 * artifacts shorter than the later half cannot pass: one of its seconds is back near the
 * baseline. No SPIKE is held back while LOW/HIGH or EXTREME_* is open: a jump within an
 * episode is news of its own, and it is medium priority.
 *
 * A SPIKE marks an event, not a state: it resolves ALERT_SPIKE_HOLD_S after its jump (event
 * time); jumps confirmed meanwhile belong to it. A flapping SPIKE resolves once no jump has
 * been confirmed for ALERT_FLAP_WINDOW_S. The rule keeps no memory of its own beyond the
 * alert: onsets and levels are read off the heart-rate history, all of it final seconds,
 * so arrival order within the reorder tolerance changes nothing.
 */
import type { AlertContext } from "./_alert_context.ts";
import { SPIKE } from "./_state_layout.ts";

const scratch = new Uint8Array(32);

/** Applies SPIKE to final second `e`: time-based resolution, then the onset it completes. */
export function evaluateSpike(ctx: AlertContext, e: number): void {
  resolveSpikeIfDue(ctx, e);
  const { spikeBaselineS, spikeConfirmS, spikeDeltaBpm } = ctx.config;
  const j = e - spikeConfirmS + 1;
  const baseline = jumpBaseline(ctx, j);
  if (baseline < 0) return;
  const up = ctx.rec.hr(j) > baseline;
  if (continuesJump(ctx, j, baseline, up)) return;

  const tail = (spikeConfirmS + 1) >> 1;
  const level = heldLevel(ctx, e - tail + 1, tail, baseline, up);
  if (level < 0 || !isLevelChange(ctx, j, baseline, level)) {
    ctx.artifacts++;
    return;
  }
  if (ctx.isOpen(SPIKE)) {
    if (ctx.isFlapping(SPIKE)) ctx.rec.setFlap(SPIKE, j - ctx.rec.openedAt(SPIKE));
    return;
  }
  const reason = `heart rate ${up ? "rose" : "fell"} from ${round(baseline)} to ` +
    `${round(level)} bpm and held (median of the ${spikeBaselineS} s before vs the last ` +
    `${tail} of the ${spikeConfirmS} s from the jump, each at least ${spikeDeltaBpm / 2} bpm ` +
    `from before and within ${spikeDeltaBpm / 2} bpm of each other)`;
  ctx.open(SPIKE, j, e * 1000, round(level), spikeDeltaBpm, reason, reason);
}

/**
 * Resolves an open SPIKE whose hold (or, flapping, quiet period) ended at or before event
 * second `upTo`; also used when skipping seconds without data.
 */
export function resolveSpikeIfDue(ctx: AlertContext, upTo: number): void {
  if (!ctx.isOpen(SPIKE)) return;
  const openedAt = ctx.rec.openedAt(SPIKE);
  const flapping = ctx.isFlapping(SPIKE);
  const lastJump = flapping ? openedAt + ctx.rec.flap(SPIKE) : openedAt;
  const due = lastJump + (flapping ? ctx.config.flapWindowS : ctx.config.spikeHoldS);
  if (due > upTo) return;
  ctx.resolve(
    SPIKE,
    due * 1000,
    null,
    null,
    flapping
      ? `no further jump for ${ctx.config.flapWindowS} s (it was flapping)`
      : `the new level has held for ${ctx.config.spikeHoldS} s`,
  );
}

/** The baseline median when second `j` is a jump from it, else -1. */
function jumpBaseline(ctx: AlertContext, j: number): number {
  const bpm = ctx.rec.hr(j);
  if (bpm === 0) return -1;
  const { spikeBaselineS, spikeDeltaBpm } = ctx.config;
  // Cheap test first: the median lies between the extremes, so most seconds stop here.
  let lowest = 255;
  let highest = 0;
  for (let sec = j - spikeBaselineS; sec < j; sec++) {
    const v = ctx.rec.hr(sec);
    if (v === 0) continue;
    if (v < lowest) lowest = v;
    if (v > highest) highest = v;
  }
  if (highest === 0 || (bpm - lowest < spikeDeltaBpm && highest - bpm < spikeDeltaBpm)) return -1;
  const baseline = median(ctx, j - spikeBaselineS, spikeBaselineS);
  return baseline >= 0 && Math.abs(bpm - baseline) >= spikeDeltaBpm ? baseline : -1;
}

/**
 * Whether the jump at `j` continues one already under way: the latest reading before it
 * (within the baseline window) is as far from `baseline`, on the same side. A jump the other
 * way (a real shift right after an opposite artifact) is an onset of its own.
 */
function continuesJump(ctx: AlertContext, j: number, baseline: number, up: boolean): boolean {
  for (let sec = j - 1; sec >= j - ctx.config.spikeBaselineS; sec--) {
    const v = ctx.rec.hr(sec);
    if (v !== 0) return (up ? v - baseline : baseline - v) >= ctx.config.spikeDeltaBpm;
  }
  return false;
}

/**
 * The median of `[from, from + length)` when those seconds hold a new level (see the module
 * comment: each reading at least Δ/2 from `baseline` on the jump's side, spread at most Δ/2,
 * median at least Δ away, half of the seconds with readings), else -1.
 */
function heldLevel(
  ctx: AlertContext,
  from: number,
  length: number,
  baseline: number,
  up: boolean,
): number {
  const delta = ctx.config.spikeDeltaBpm;
  let lowest = 255;
  let highest = 0;
  for (let sec = from; sec < from + length; sec++) {
    const v = ctx.rec.hr(sec);
    if (v === 0) continue;
    if (2 * (up ? v - baseline : baseline - v) < delta) return -1;
    if (v < lowest) lowest = v;
    if (v > highest) highest = v;
  }
  if (highest === 0 || 2 * (highest - lowest) > delta) return -1;
  const level = median(ctx, from, length);
  return level >= 0 && (up ? level - baseline : baseline - level) >= delta ? level : -1;
}

/**
 * Whether going from `baseline` to `level` at `j` changes one level for another: at least
 * half of the readings of the baseline window are within Δ/2 of `baseline` (it was a level,
 * not rates swinging around pauses or in atrial fibrillation), and at most a third of its
 * seconds were already within Δ/2 of `level` (a return to the usual rate after an excursion
 * of several artifacts, which moved the median, is no new level).
 */
function isLevelChange(ctx: AlertContext, j: number, baseline: number, level: number): boolean {
  const { spikeBaselineS, spikeDeltaBpm } = ctx.config;
  let readings = 0;
  let steady = 0;
  let seen = 0;
  for (let sec = j - spikeBaselineS; sec < j; sec++) {
    const v = ctx.rec.hr(sec);
    if (v === 0) continue;
    readings++;
    if (2 * Math.abs(v - baseline) <= spikeDeltaBpm) steady++;
    if (2 * Math.abs(v - level) <= spikeDeltaBpm) seen++;
  }
  return steady * 2 >= readings && seen * 3 <= spikeBaselineS;
}

/** Median of the readings in `[from, from + length)`, or -1 when fewer than half have one. */
function median(ctx: AlertContext, from: number, length: number): number {
  let n = 0;
  for (let sec = from; sec < from + length; sec++) {
    const v = ctx.rec.hr(sec);
    if (v === 0) continue;
    let i = n++;
    while (i > 0 && scratch[i - 1]! > v) {
      scratch[i] = scratch[i - 1]!;
      i--;
    }
    scratch[i] = v;
  }
  if (n * 2 < length) return -1;
  const mid = n >> 1;
  return n % 2 === 1 ? scratch[mid]! : (scratch[mid - 1]! + scratch[mid]!) / 2;
}

function round(bpm: number): number {
  return Math.round(bpm);
}
