/**
 * NO_DATA (signal loss), the one rule on the wall clock: a customer whose newest reading
 * arrived ALERT_NO_DATA_TIMEOUT_S ago opens NO_DATA at the next tick (so within a second of
 * the timeout with a 1 s timer), and the next accepted reading resolves it. Its episode
 * begins at the event second after the newest reading, so two detectors that see the same
 * silence give it the same id. A silence already longer than ALERT_NO_DATA_MAX_SILENCE_S when
 * the timer runs (the detector was down) is not reported, and the customer's timer stops
 * until it reads again. While NO_DATA is open the threshold rules open nothing: seconds
 * received before the loss that become final only when readings resume are evaluated muted.
 *
 * Flapping: a flapping NO_DATA stays firing while readings come and go, and resolves once
 * readings have flowed for ALERT_FLAP_WINDOW_S (event time) without another loss.
 */
import type { AlertContext } from "./_alert_context.ts";
import { FLAPPING, NO_DATA, RESUMED, STALE, STATUS_MASK } from "./_state_layout.ts";

/** Opens NO_DATA when the customer has been silent too long at wall-clock `nowMs`. */
export function tickNoData(ctx: AlertContext, nowMs: number): void {
  const rec = ctx.rec;
  if (rec.maxSec === 0) return;
  const status = rec.status(NO_DATA);
  const silentMs = nowMs - rec.arrivalMs();
  const { noDataTimeoutMs, noDataMaxSilenceMs } = ctx.config;
  if ((status & STATUS_MASK) !== 0) {
    // Flapping and resumed: the signal is lost again, the alert stays firing.
    if ((status & RESUMED) !== 0 && silentMs >= noDataTimeoutMs) {
      rec.setStatus(NO_DATA, status & ~RESUMED);
    }
    return;
  }
  if ((status & STALE) !== 0 || silentMs < noDataTimeoutMs) return;
  if (silentMs >= noDataMaxSilenceMs) {
    rec.setStatus(NO_DATA, status | STALE);
    return;
  }
  const silentS = Math.floor(silentMs / 1000);
  const reason = `no reading for ${silentS} s of wall-clock time (signal loss after ` +
    `${noDataTimeoutMs / 1000} s)`;
  ctx.open(NO_DATA, rec.maxSec + 1, nowMs, silentS, noDataTimeoutMs / 1000, reason, reason);
}

/**
 * An accepted reading of event second `sec` arrived at `nowMs` (before the state records its
 * arrival): resolves NO_DATA, or for a flapping one notes or completes the resumption.
 */
export function resumeNoData(ctx: AlertContext, sec: number, eventTimeMs: number, nowMs: number) {
  const rec = ctx.rec;
  let status = rec.status(NO_DATA);
  if ((status & STALE) !== 0) {
    status &= ~STALE;
    rec.setStatus(NO_DATA, status);
  }
  if ((status & STATUS_MASK) === 0) return;
  const openedAt = rec.openedAt(NO_DATA);
  if ((status & FLAPPING) === 0) {
    const silentS = Math.round((nowMs - rec.arrivalMs()) / 1000);
    ctx.resolve(
      NO_DATA,
      Math.max(eventTimeMs, openedAt * 1000),
      silentS,
      ctx.config.noDataTimeoutMs / 1000,
      `readings resumed after ${silentS} s`,
    );
    return;
  }
  if ((status & RESUMED) === 0) {
    rec.setStatus(NO_DATA, status | RESUMED);
    rec.setFlap(NO_DATA, sec - openedAt);
    return;
  }
  const window = ctx.config.flapWindowS;
  if (rec.maxSec - (openedAt + rec.flap(NO_DATA)) < window) return;
  ctx.resolve(
    NO_DATA,
    rec.maxSec * 1000,
    null,
    null,
    `readings flowing for ${window} s without a loss (it was flapping)`,
  );
}

/** Whether NO_DATA mutes the threshold rules: open, and (flapping) not resumed. */
export function noDataMutes(ctx: AlertContext): boolean {
  const status = ctx.rec.status(NO_DATA);
  return (status & STATUS_MASK) !== 0 && (status & RESUMED) === 0;
}

/** When {@link tickNoData} next has something to do, ms since the epoch, or Infinity. */
export function noDataDeadlineMs(ctx: AlertContext): number {
  if (ctx.rec.maxSec === 0) return Infinity;
  const status = ctx.rec.status(NO_DATA);
  const timerRuns = (status & STATUS_MASK) === 0
    ? (status & STALE) === 0
    : (status & RESUMED) !== 0;
  return timerRuns ? ctx.rec.arrivalMs() + ctx.config.noDataTimeoutMs : Infinity;
}
