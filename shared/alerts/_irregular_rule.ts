/**
 * IRREGULAR_RHYTHM, from the beat-to-beat (RR) intervals readings may carry: atrial
 * fibrillation is irregularly irregular, while ectopic beats are a short-long disturbance of
 * an otherwise regular rhythm. So the rule measures the irregularity of the underlying (NN)
 * rhythm, with ectopic beats and pauses taken out, against a slow reference of the cycle
 * length. Each beat is classified once the next one is known:
 *
 * - premature: more than 15 % shorter than the reference and followed by a beat at least 85 %
 *   of it (an atrial or ventricular premature beat and its return cycle), or shorter and
 *   followed by a longer beat that together make two reference cycles within 10 % (a
 *   compensatory pause after a late ventricular beat) — the beat and its return are left out;
 * - a pause: at least 1.6 reference cycles (a blocked premature beat, a dropped beat) — left out;
 * - otherwise an NN beat: irregular when it differs by more than ALERT_IRREGULAR_DIFF_PCT from
 *   the previous NN beat. The irregular share is an exponential average over
 *   ALERT_IRREGULAR_BEATS NN beats (two bytes), not a buffer of intervals.
 *
 * Runs of short beats (salvos, fibrillation) are NN beats, so an irregular rhythm still counts.
 * A second at or above ALERT_EXTREME_HIGH_BPM that follows another one is EXTREME_HIGH's
 * business, and the beats a device drops at such rates make the sequence meaningless
 * (ventricular flutter), so it breaks the beat sequence like a second without intervals;
 * an isolated fast second (a short interval of atrial fibrillation) still counts.
 *
 * The alert opens as pending when the share reaches ALERT_IRREGULAR_OPEN_PCT, fires once it
 * has stayed at or above ALERT_IRREGULAR_OPEN_PCT for ALERT_IRREGULAR_CONFIRM_S final seconds
 * in a row (a dip below restarts the count), and resolves when it falls below
 * ALERT_IRREGULAR_CLOSE_PCT (flapping: and stays there for ALERT_FLAP_WINDOW_S). Beats are
 * taken in event order, second by second as the watermark passes them, so arrival order
 * within the tolerance changes nothing; at most the last two intervals of each second are
 * kept (at rates up to 120 bpm that is every beat). A second without a reading, or with a
 * reading that carries no intervals, breaks the beat sequence; it neither opens nor resolves
 * the alert, nor counts towards or against confirming it.
 */
import type { AlertContext } from "./_alert_context.ts";
import {
  BEAT_NN,
  BEAT_PENDING,
  BEAT_REF,
  IRREGULAR,
  PENDING,
  RETURN_BEAT,
  STATUS_MASK,
} from "./_state_layout.ts";

const FULL = 65535;

/** Applies IRREGULAR_RHYTHM to final second `e`: its beats, then the alert's state. */
export function evaluateIrregular(ctx: AlertContext, e: number): void {
  const rec = ctx.rec;
  const bpm = rec.hr(e);
  const fast = ctx.config.extremeHighBpm;
  if (bpm === 0 || !rec.hasRr(e) || (bpm >= fast && rec.hr(e - 1) >= fast)) {
    const beats = rec.beatsIndex();
    rec.bytes[beats + BEAT_PENDING] = rec.bytes[beats + BEAT_NN] = 0;
    rec.setStatus(IRREGULAR, rec.status(IRREGULAR) & ~RETURN_BEAT);
    return;
  }
  const at = rec.rrIndex(e);
  const older = rec.bytes[at]!;
  const newer = rec.bytes[at + 1]!;
  if (older !== 0) addBeat(ctx, older);
  if (newer !== 0) addBeat(ctx, newer);
  decide(ctx, e);
}

/** An RR interval in the state's unit: 8 ms steps, 1-255 (2,040 ms and longer saturate). */
export function quantizeRr(ms: number): number {
  return Math.min(255, Math.max(1, Math.round(ms / 8)));
}

/** Takes beat `next` (8 ms units) and classifies the beat before it. */
function addBeat(ctx: AlertContext, next: number): void {
  const rec = ctx.rec;
  const bytes = rec.bytes;
  const beats = rec.beatsIndex();
  const beat = bytes[beats + BEAT_PENDING]!;
  bytes[beats + BEAT_PENDING] = next;
  if (beat === 0) return;
  const status = rec.status(IRREGULAR);
  if ((status & RETURN_BEAT) !== 0) {
    rec.setStatus(IRREGULAR, status & ~RETURN_BEAT);
    return;
  }
  const ref = bytes[beats + BEAT_REF]!;
  if (ref === 0) {
    bytes[beats + BEAT_REF] = bytes[beats + BEAT_NN] = beat;
    return;
  }
  const kind = classifyBeat(beat, next, ref);
  if (kind === ECTOPIC) {
    rec.setStatus(IRREGULAR, status | RETURN_BEAT);
    return;
  }
  if (kind === NN) {
    const nn = bytes[beats + BEAT_NN]!;
    if (nn !== 0) {
      const pct = ctx.config.irregularDiffPct;
      const irregular = Math.abs(beat - nn) * 100 > pct * Math.min(beat, nn);
      const share = rec.irregularity();
      rec.setIrregularity(
        share + Math.trunc(((irregular ? FULL : 0) - share) / ctx.config.irregularBeats),
      );
    }
    bytes[beats + BEAT_NN] = beat;
  }
  bytes[beats + BEAT_REF] = tracked(ref, beat);
}

/** What a beat is to the rule: see {@link classifyBeat}. */
export const NN = 0;
export const ECTOPIC = 1;
export const PAUSE = 2;

/**
 * Classifies `beat` knowing the `next` one and the reference `ref` (8 ms units): ECTOPIC (a
 * premature beat, whose return cycle `next` is then left out too), PAUSE (at least 1.6
 * reference cycles) or NN (the underlying rhythm). See the module doc.
 */
export function classifyBeat(beat: number, next: number, ref: number): number {
  if (isEctopic(beat, next, ref)) return ECTOPIC;
  return beat * 10 >= 16 * ref ? PAUSE : NN;
}

/**
 * Whether `beat` is premature with `next` its return cycle (see the module doc), all in
 * 8 ms units against the reference `ref`.
 */
export function isEctopic(beat: number, next: number, ref: number): boolean {
  if (beat * 100 < 85 * ref) return next * 100 >= 85 * ref;
  return beat * 100 < 94 * ref && next * 100 > 106 * ref &&
    Math.abs(beat + next - 2 * ref) * 10 <= ref;
}

/**
 * The reference moved towards `beat`: by up to half of 25 % of itself per beat when the beat
 * is within 15 % of it (the rhythm drifting), by up to half of 6 % otherwise (a pause, a
 * salvo: the reference barely moves, yet a lasting change of rate is followed).
 */
export function tracked(ref: number, beat: number): number {
  const near = Math.abs(beat - ref) * 100 <= 15 * ref;
  const limit = Math.max(2, ref >> (near ? 2 : 4));
  const step = Math.max(-limit, Math.min(limit, beat - ref));
  return Math.min(255, Math.max(1, ref + Math.trunc(step / 2)));
}

function decide(ctx: AlertContext, e: number): void {
  const { irregularOpenPct, irregularClosePct, irregularConfirmS, flapWindowS } = ctx.config;
  const rec = ctx.rec;
  const share = rec.irregularity();
  const percent = Math.round((share / FULL) * 100);
  const below = share * 100 < irregularClosePct * FULL;
  const status = rec.status(IRREGULAR) & STATUS_MASK;
  if (status === 0) {
    if (share * 100 < irregularOpenPct * FULL) return;
    rec.setIrregularRun(0);
    ctx.open(
      IRREGULAR,
      e,
      e * 1000,
      percent / 100,
      irregularOpenPct / 100,
      `${percent} % of recent NN beats irregular (opens at ${irregularOpenPct} %): ectopic ` +
        `beats and pauses left out, intervals differing by more than ` +
        `${ctx.config.irregularDiffPct} % from the previous one`,
    );
  } else if (below && (status === PENDING || !ctx.isFlapping(IRREGULAR))) {
    rec.setIrregularRun(0);
    ctx.resolve(
      IRREGULAR,
      e * 1000,
      percent / 100,
      irregularClosePct / 100,
      `irregular beats down to ${percent} % (below ${irregularClosePct} %)`,
    );
  } else if (status !== PENDING) {
    if (!ctx.isFlapping(IRREGULAR)) return;
    const quiet = below ? rec.flap(IRREGULAR) + 1 : 0;
    rec.setFlap(IRREGULAR, quiet);
    if (quiet >= flapWindowS) {
      ctx.resolve(
        IRREGULAR,
        e * 1000,
        percent / 100,
        irregularClosePct / 100,
        `irregular beats below ${irregularClosePct} % for ${flapWindowS} s (it was flapping)`,
      );
    }
  } else {
    const run = share * 100 < irregularOpenPct * FULL ? 0 : rec.irregularRun() + 1;
    rec.setIrregularRun(run);
    if (run < irregularConfirmS) return;
    rec.setIrregularRun(0);
    ctx.fire(
      IRREGULAR,
      e * 1000,
      percent / 100,
      irregularClosePct / 100,
      `irregular rhythm held at or above ${irregularOpenPct} % for ${irregularConfirmS} s ` +
        `(${percent} % of recent NN beats irregular)`,
    );
  }
}
