/**
 * The overview: the seven panels of the original Grafana dashboard (heartbeats and anomalies
 * per minute, anomaly breakdown by type, average and p95 heart rate and active customers
 * over 5 minutes, the last 20 anomalies) plus the pipeline's health (current rates, lag of
 * both groups, invalid and dead-lettered records). The live stream pushes this same object.
 */
import { ANOMALY_TYPES, type AnomalyType } from "../../shared/contract/mod.ts";
import type { Sql } from "../../shared/db/mod.ts";
import type { KafkaReader, PartitionOffsets } from "./kafka_reader.ts";
import { type ConsumerGroups, totalLags } from "./pipeline_view.ts";
import {
  anomaliesPerMinute,
  type AnomalyRecord,
  checkpoints,
  heartbeatsPerMinute,
  type HeartRateStats,
  heartRateStats,
  listAnomalies,
  type MinuteCount,
  recentCounts,
  type RoutedCounts,
  routedCounts,
} from "./queries.ts";

/** Anomalies of one minute, by type and in total. */
export type AnomalyMinute = { minute: Date; total: number } & Record<AnomalyType, number>;

/** A routing destination's counts (zeros when nothing was routed). */
export type RoutedSummary = Omit<RoutedCounts, "destination">;

/** The overview's JSON. */
export interface Overview {
  readonly generatedAt: Date;
  readonly windowMinutes: number;
  /** One entry per minute of the window, oldest first; the last is the current minute. */
  readonly heartbeatsPerMinute: MinuteCount[];
  readonly anomaliesPerMinute: AnomalyMinute[];
  readonly anomalyBreakdown: { type: AnomalyType; count: number }[];
  readonly lastFiveMinutes: HeartRateStats;
  readonly recentAnomalies: AnomalyRecord[];
  readonly health: {
    readonly storedPerSecond: number;
    readonly anomaliesPerSecond: number;
    readonly invalid: RoutedSummary;
    readonly dlq: RoutedSummary;
    /** Records on the raw topic each group has not processed; null when Kafka did not answer. */
    readonly lag: { writer: number | null; detector: number | null };
    readonly kafka: { ok: boolean; detail: string };
  };
}

/** What {@link loadOverview} reads. */
export interface OverviewDeps {
  readonly sql: Sql;
  readonly kafka: KafkaReader;
  readonly rawTopic: string;
  readonly groups: ConsumerGroups;
  readonly now: () => Date;
  /** Longest wait for the broker before the lag is reported unknown (default 1500 ms). */
  readonly kafkaTimeoutMs?: number;
}

/** How many anomalies the overview lists. */
export const RECENT_ANOMALIES = 20;

/**
 * Loads the overview for the last `minutes` minutes (the per-minute panels; the stat panels
 * always cover 5 minutes). A broker that does not answer leaves the lag unknown and the
 * rest intact; a database that does not answer fails the whole load.
 */
export async function loadOverview(deps: OverviewDeps, minutes: number): Promise<Overview> {
  const now = deps.now();
  const to = now;
  const from = new Date(startOfMinute(now).getTime() - (minutes - 1) * 60_000);
  const ago = (m: number) => new Date(now.getTime() - m * 60_000);
  // The stat panels and rates cover the last whole minutes (the rollups' unit; the current
  // minute is still being written).
  const thisMinute = startOfMinute(now);
  const lastMinutes = (m: number) => new Date(thisMinute.getTime() - m * 60_000);
  const [perMinute, anomalyRows, stats, recent, counts, routed, stored, broker] = await Promise
    .all([
      heartbeatsPerMinute(deps.sql, { from, to }),
      anomaliesPerMinute(deps.sql, { from, to }),
      heartRateStats(deps.sql, { from: lastMinutes(5), to: thisMinute }),
      listAnomalies(deps.sql, { from: ago(1440), now, limit: RECENT_ANOMALIES }),
      recentCounts(deps.sql, { from: lastMinutes(1), to: thisMinute }),
      routedCounts(deps.sql, deps.groups.writer, now),
      checkpoints(deps.sql, Object.values(deps.groups), deps.rawTopic),
      endOffsets(deps),
    ]);
  const anomalies = pivotAnomalies(anomalyRows, from, minutes);
  return {
    generatedAt: now,
    windowMinutes: minutes,
    heartbeatsPerMinute: fillMinutes(perMinute, from, minutes),
    anomaliesPerMinute: anomalies,
    anomalyBreakdown: ANOMALY_TYPES.map((type) => ({
      type,
      count: anomalies.reduce((sum, m) => sum + m[type], 0),
    })),
    lastFiveMinutes: stats,
    recentAnomalies: recent,
    health: {
      storedPerSecond: round(counts.stored / 60),
      anomaliesPerSecond: round(counts.anomalies / 60),
      invalid: summary(routed, "invalid"),
      dlq: summary(routed, "dlq"),
      lag: broker.offsets === undefined
        ? { writer: null, detector: null }
        : totalLags(broker.offsets, stored, deps.groups),
      kafka: broker.kafka,
    },
  };
}

/** The broker's end offsets of the raw topic, or why they are unknown. */
async function endOffsets(
  deps: OverviewDeps,
): Promise<{ offsets?: PartitionOffsets[]; kafka: Overview["health"]["kafka"] }> {
  const timeoutMs = deps.kafkaTimeoutMs ?? 1500;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const offsets = await Promise.race([
      deps.kafka.topicOffsets(deps.rawTopic),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Kafka did not answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
    return { offsets, kafka: { ok: true, detail: "" } };
  } catch (error) {
    return { kafka: { ok: false, detail: String((error as Error)?.message ?? error) } };
  } finally {
    clearTimeout(timer);
  }
}

/** One entry per minute from `from`, with the counts found and zeros elsewhere. */
export function fillMinutes(
  rows: readonly MinuteCount[],
  from: Date,
  minutes: number,
): MinuteCount[] {
  const byMinute = new Map(rows.map((r) => [r.minute.getTime(), r.count]));
  return minuteStarts(from, minutes).map((minute) => ({
    minute,
    count: byMinute.get(minute.getTime()) ?? 0,
  }));
}

/** Per-minute, per-type anomaly counts turned into one entry per minute with every type. */
export function pivotAnomalies(
  rows: readonly (MinuteCount & { type: string })[],
  from: Date,
  minutes: number,
): AnomalyMinute[] {
  const entries = minuteStarts(from, minutes).map((minute) => {
    const entry = { minute, total: 0 } as AnomalyMinute;
    for (const type of ANOMALY_TYPES) entry[type] = 0;
    return entry;
  });
  const byMinute = new Map(entries.map((e) => [e.minute.getTime(), e]));
  for (const row of rows) {
    const entry = byMinute.get(row.minute.getTime());
    if (!entry || !(ANOMALY_TYPES as readonly string[]).includes(row.type)) continue;
    entry[row.type as AnomalyType] += row.count;
    entry.total += row.count;
  }
  return entries;
}

function minuteStarts(from: Date, minutes: number): Date[] {
  const first = startOfMinute(from).getTime();
  return Array.from({ length: minutes }, (_, i) => new Date(first + i * 60_000));
}

function startOfMinute(time: Date): Date {
  return new Date(Math.floor(time.getTime() / 60_000) * 60_000);
}

function summary(rows: readonly RoutedCounts[], destination: "invalid" | "dlq"): RoutedSummary {
  const row = rows.find((r) => r.destination === destination);
  return {
    lastMinute: row?.lastMinute ?? 0,
    lastFiveMinutes: row?.lastFiveMinutes ?? 0,
    lastHour: row?.lastHour ?? 0,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
