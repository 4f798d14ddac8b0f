/**
 * A record of the MIT-BIH format as the engine would see it from a device: one reading
 * per second that has a rate, carrying the RR intervals of the beats that fell in that
 * second. Pure.
 *
 * - Second `t` is [t, t+1) s of the record; its reading has event time `baseMs + t·1000`
 *   and the rate rounded to a whole number (the wire format's `heart_rate`).
 * - Readings outside the validation limits (HEART_RATE_MIN/MAX, default 20–250) are left
 *   out, as the consumer would route them to the invalid topic; so are masked seconds, and
 *   a labelled episode a mask cuts into is only tolerated (its readings are gone).
 * - RR intervals outside the contract's 100–10,000 ms are left out of a reading.
 * - Observation runs from the first reading to the end of the last one's second: timers
 *   do not run past the record's end.
 */
import type { AlertReading } from "../../shared/alerts/types.ts";
import { RR_INTERVALS } from "../../shared/contract/mod.ts";
import { syntheticEventId } from "./_event_id.ts";
import { labelEpisodes } from "./mitbih_labels.ts";
import type { MitbihRecord } from "./mitbih_folder.ts";
import { type MaskSpan, maskSpans } from "./mask.ts";
import type { ExpectedEpisode, LabelledSeries } from "./series.ts";
import { signalLossEpisodes } from "./signal_loss.ts";

/** Event time of second 0 of every record: 2026-01-01T00:00:00Z. */
export const RECORD_BASE_MS = Date.UTC(2026, 0, 1);

/** How records become series. */
export interface MitbihSeriesOptions {
  /** The consumer's valid range, bpm. */
  readonly heartRateMin: number;
  readonly heartRateMax: number;
  /** The engine's NO_DATA timeout, ms (for the signal-loss episodes). */
  readonly noDataAfterMs: number;
  /** The engine's extreme thresholds, bpm (for the extreme-rate spans). */
  readonly extremeLowBpm: number;
  readonly extremeHighBpm: number;
  /** `--mask`: lengths of the spans to blank in each record, s. Default none. */
  readonly maskS?: readonly number[];
  /** Seed of the mask placement. */
  readonly seed: number;
}

/** What became of a record: its series, and what was left out. */
export interface MitbihSeries {
  readonly series: LabelledSeries;
  /** Seconds whose rate was outside the validation limits. */
  readonly outOfRange: number;
  readonly masked: readonly MaskSpan[];
}

/** The series of record number `index` (which also makes its event ids unique). */
export function mitbihSeries(
  record: MitbihRecord,
  index: number,
  options: MitbihSeriesOptions,
): MitbihSeries {
  const customerId = `mitbih-${record.id}`;
  const masked = options.maskS?.length
    ? maskSpans(record.id, record.hr.length, options.maskS, options.seed)
    : [];
  const rrBySecond = _intervalsBySecond(record);
  const readings: AlertReading[] = [];
  let outOfRange = 0;
  record.hr.forEach((rate, t) => {
    if (rate === null || masked.some((m) => t >= m.startS && t < m.endS)) return;
    const heartRate = Math.round(rate);
    if (heartRate < options.heartRateMin || heartRate > options.heartRateMax) {
      outOfRange++;
      return;
    }
    readings.push({
      customerId,
      eventId: syntheticEventId(index, t),
      eventTimeMs: RECORD_BASE_MS + t * 1000,
      heartRate,
      rrIntervalsMs: rrBySecond.get(t) ?? [],
    });
  });
  const times = readings.map((r) => r.eventTimeMs);
  const startMs = times[0] ?? RECORD_BASE_MS;
  const endMs = (times.at(-1) ?? RECORD_BASE_MS) + 1000;
  const isMasked = (startMs: number) =>
    masked.some((m) =>
      startMs >= RECORD_BASE_MS + m.startS * 1000 - 1000 &&
      startMs < RECORD_BASE_MS + m.endS * 1000
    );
  const cut = (e: ExpectedEpisode) =>
    masked.some((m) =>
      e.startMs < RECORD_BASE_MS + m.endS * 1000 && e.endMs > RECORD_BASE_MS + m.startS * 1000
    );
  const episodes = [
    ...labelEpisodes(customerId, record.labels, record.hr, RECORD_BASE_MS, options)
      .map((e) =>
        e.required && cut(e) ? { ...e, required: false, label: `${e.label} (masked)` } : e
      ),
    ...signalLossEpisodes(
      customerId,
      times,
      null,
      { noDataAfterMs: options.noDataAfterMs, intervalMs: 1000 },
      (start) => isMasked(start) ? "masked" : "empty seconds",
    ),
  ];
  return { series: { customerId, readings, startMs, endMs, episodes }, outOfRange, masked };
}

/** The RR intervals (whole ms, within the contract's bounds) ending in each second. */
function _intervalsBySecond(record: MitbihRecord): Map<number, number[]> {
  const bySecond = new Map<number, number[]>();
  for (const beat of record.beats) {
    if (beat.rrS === null) continue;
    const rr = Math.round(beat.rrS * 1000);
    if (rr < RR_INTERVALS.minMs || rr > RR_INTERVALS.maxMs) continue;
    const second = Math.floor(beat.tS);
    const list = bySecond.get(second);
    if (!list) bySecond.set(second, [rr]);
    else if (list.length < RR_INTERVALS.maxCount) list.push(rr);
  }
  return bySecond;
}
