/**
 * One input's evaluation: replay every series of every group, collect the alerts that
 * fired, the notifications and the raw rules' findings, and score them all together.
 * Pure: the engine is a port, the groups are data (produced one at a time, so a large
 * scenario's readings can be dropped before the next is made).
 */
import { ALERT_RULES, type AlertRule, type AlertTransition } from "../../shared/alerts/types.ts";
import type { AnomalyConfig } from "../../shared/config/mod.ts";
import type { AnomalyType } from "../../shared/contract/mod.ts";
import { countNotifications, type FiredAlert, firedAlerts } from "./alerts_of.ts";
import { type AlertEnginePort, replaySeries } from "./replay.ts";
import { type ObservedSpan, scoreAlerts, type Scores } from "./score.ts";
import type { ExpectedEpisode, SeriesGroup } from "./series.ts";

/** What a group of series amounted to, for the report. */
export interface GroupSummary {
  readonly name: string;
  readonly description: string;
  readonly customers: number;
  readonly hours: number;
  readonly readings: number;
  /** Required episodes. */
  readonly episodes: number;
  readonly alerts: number;
  /** Alerts that matched nothing, on normal stretches. */
  readonly falseAlerts: number;
  readonly notifications: number;
  readonly rawFindings: number;
  readonly artifacts: number;
  readonly late: number;
  /** True when its readings arrived reordered. */
  readonly reordered: boolean;
  /** The group's own figures. */
  readonly scores: Scores;
  /**
   * Reordered groups only: customers whose transitions (NO_DATA aside: it runs on the wall
   * clock) are exactly those of an in-order replay. The tolerance's promise, checked.
   */
  readonly sameAsInOrder?: number;
}

/** An input's figures. */
export interface EvalOutcome {
  readonly input: string;
  readonly groups: readonly GroupSummary[];
  readonly scores: Scores;
  readonly notifications: Readonly<Record<AlertRule, number>>;
  readonly raw: Readonly<Record<AnomalyType, number>>;
}

/** How to evaluate. */
export interface EvaluateOptions {
  readonly ingestDelayMs: number;
  readonly seed: number;
  readonly anomaly: AnomalyConfig;
}

/** Replays and scores every group of `groups` through `engine`. */
export function evaluateGroups(
  input: string,
  groups: Iterable<SeriesGroup>,
  engine: AlertEnginePort,
  options: EvaluateOptions,
): EvalOutcome {
  const spans: ObservedSpan[] = [];
  const episodes: ExpectedEpisode[] = [];
  const alerts: FiredAlert[] = [];
  const notifications = _zeros(ALERT_RULES);
  const raw = _zeros(["LOW_HEART_RATE", "HIGH_HEART_RATE", "SPIKE"] as const);
  const summaries: GroupSummary[] = [];
  let index = 0;
  for (const group of groups) {
    const own = { spans: [] as ObservedSpan[], episodes: [] as ExpectedEpisode[] };
    const fired: FiredAlert[] = [];
    let readings = 0, artifacts = 0, late = 0, told = 0, found = 0, same = 0;
    for (const series of group.series) {
      const reorderMs = group.reorderMs ?? 0;
      const result = replaySeries(series, index, engine, { ...options, reorderMs });
      if (reorderMs > 0) {
        const inOrder = replaySeries(series, index, engine, { ...options, reorderMs: 0 });
        if (_eventTimeKey(inOrder.transitions) === _eventTimeKey(result.transitions)) same++;
      }
      index++;
      own.spans.push({
        customerId: series.customerId,
        startMs: series.startMs,
        endMs: series.endMs,
      });
      for (const e of series.episodes) own.episodes.push(e);
      for (const a of firedAlerts(result.transitions, result.emittedAtMs)) fired.push(a);
      const counts = countNotifications(result.transitions);
      for (const rule of ALERT_RULES) {
        notifications[rule] += counts[rule];
        told += counts[rule];
      }
      for (const type of Object.keys(raw) as AnomalyType[]) {
        raw[type] += result.raw[type];
        found += result.raw[type];
      }
      readings += series.readings.length;
      artifacts += result.artifacts;
      late += result.late;
    }
    const groupScores = scoreAlerts(own.spans, own.episodes, fired);
    const rules = Object.values(groupScores.rules);
    summaries.push({
      name: group.name,
      description: group.description,
      customers: group.series.length,
      hours: groupScores.observedHours,
      readings,
      episodes: rules.reduce((sum, r) => sum + r.episodes, 0),
      alerts: fired.length,
      falseAlerts: rules.reduce((sum, r) => sum + r.falseAlerts, 0),
      notifications: told,
      rawFindings: found,
      artifacts,
      late,
      reordered: (group.reorderMs ?? 0) > 0,
      scores: groupScores,
      ...(group.reorderMs ? { sameAsInOrder: same } : {}),
    });
    spans.push(...own.spans);
    episodes.push(...own.episodes);
    alerts.push(...fired);
  }
  return {
    input,
    groups: summaries,
    scores: scoreAlerts(spans, episodes, alerts),
    notifications,
    raw,
  };
}

/** The transitions that depend on event time only, as one comparable string. */
function _eventTimeKey(transitions: readonly AlertTransition[]): string {
  return transitions.filter((t) => t.rule !== "NO_DATA")
    .map((t) => `${t.alertId} ${t.seq} ${t.from}>${t.to} ${t.atMs}`).join("\n");
}

function _zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}
