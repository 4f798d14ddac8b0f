/**
 * What the evaluation replays and scores: per customer, the readings the alert engine
 * sees and the episodes it is expected to alert on (from the simulator's ground truth or
 * from expert labels). Plain data, no I/O.
 */
import type { AlertReading, AlertRule } from "../../shared/alerts/types.ts";

/**
 * One labelled span of one customer. A required episode counts in its rule's recall and
 * delay; every episode, required or not, makes alerts of the rules it `accepts` that fire
 * within it right (they count as correct in precision, never as false alerts).
 */
export interface ExpectedEpisode {
  readonly customerId: string;
  /** The rule the episode is scored under (for a tolerated span: its first accepted rule). */
  readonly rule: AlertRule;
  /** Alerts of these rules detect it; `rule` is among them. */
  readonly accepts: readonly AlertRule[];
  /** Event time the episode begins, epoch ms. */
  readonly startMs: number;
  /** Event time it ends (exclusive), epoch ms. */
  readonly endMs: number;
  /** True: counted in recall. False: tolerated (an alert inside is right, none is fine). */
  readonly required: boolean;
  /** Where it came from, for reports: a simulator kind, an expert label, `mask`… */
  readonly label: string;
}

/** One customer's stream, ready to replay. */
export interface LabelledSeries {
  readonly customerId: string;
  /** Valid readings, in event-time order. */
  readonly readings: readonly AlertReading[];
  /** Start of observation, epoch ms (the first reading, or earlier). */
  readonly startMs: number;
  /** End of observation, epoch ms: wall-clock timers run until here. */
  readonly endMs: number;
  readonly episodes: readonly ExpectedEpisode[];
}

/** A labelled input: its name (`scenarios`, a folder) and its series, grouped for reports. */
export interface LabelledInput {
  readonly name: string;
  readonly groups: readonly SeriesGroup[];
}

/** Series replayed the same way (a scenario, or the records of a folder). */
export interface SeriesGroup {
  readonly name: string;
  readonly series: readonly LabelledSeries[];
  /**
   * Readings arrive up to this much later than their event time plus the ingest delay, in
   * a random order within it (the reordering scenario), ms. Default 0: in order.
   */
  readonly reorderMs?: number;
  /** What the group is, for the report, e.g. `bradycardia episodes 30-300 s, 2 % artifacts`. */
  readonly description: string;
}

/** An expected episode for `rule`, accepting `also` too. */
export function episode(
  customerId: string,
  rule: AlertRule,
  startMs: number,
  endMs: number,
  options: { required: boolean; label: string; also?: readonly AlertRule[] },
): ExpectedEpisode {
  return {
    customerId,
    rule,
    accepts: [rule, ...(options.also ?? [])],
    startMs,
    endMs,
    required: options.required,
    label: options.label,
  };
}
