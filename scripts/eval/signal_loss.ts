/**
 * Expected NO_DATA episodes, from the readings themselves: the same for simulated dropouts,
 * empty seconds of a record and masked spans. A silence is the time from one reading to
 * the next (or to the end of observation when the timers run until then). Pure.
 *
 * - silence ≥ timeout + slack: a required NO_DATA episode, from the first missing reading
 *   (the last reading + the reading interval) to the next reading;
 * - silence within timeout ± slack: tolerated (whether the timer fires depends on the
 *   ingest delay and the tick);
 * - shorter: nothing is expected, and a NO_DATA alert there is false.
 */
import { episode, type ExpectedEpisode } from "./series.ts";

/** Slack around the NO_DATA timeout, ms. */
export const NO_DATA_SLACK_MS = 2_000;

/** What the signal-loss mapping needs to know. */
export interface SignalLossSettings {
  /** The engine's NO_DATA timeout, ms. */
  readonly noDataAfterMs: number;
  /** Time between a customer's readings, ms. */
  readonly intervalMs: number;
  /** Extra slack, ms (the reordering scenario's arrival jitter). Default 0. */
  readonly extraSlackMs?: number;
}

/**
 * The NO_DATA episodes of one customer whose readings have event times `timesMs`
 * (ascending); `timersUntilMs`: the end of observation when timers run until then, or null
 * when observation ends with the last reading.
 */
export function signalLossEpisodes(
  customerId: string,
  timesMs: readonly number[],
  timersUntilMs: number | null,
  settings: SignalLossSettings,
  label: (startMs: number, endMs: number) => string = () => "signal loss",
): ExpectedEpisode[] {
  const slack = NO_DATA_SLACK_MS + (settings.extraSlackMs ?? 0);
  const found: ExpectedEpisode[] = [];
  const consider = (lastMs: number, nextMs: number) => {
    const silence = nextMs - lastMs;
    if (silence < settings.noDataAfterMs - slack) return;
    const start = lastMs + settings.intervalMs;
    found.push(
      episode(customerId, "NO_DATA", start, nextMs, {
        required: silence >= settings.noDataAfterMs + slack,
        label: label(start, nextMs),
      }),
    );
  };
  for (let k = 1; k < timesMs.length; k++) consider(timesMs[k - 1]!, timesMs[k]!);
  if (timersUntilMs !== null && timesMs.length > 0) consider(timesMs.at(-1)!, timersUntilMs);
  return found;
}
