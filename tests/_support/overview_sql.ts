/**
 * What the dashboard's overview should say at a given moment, counted by the test itself
 * from the raw tables (heartbeat_events, anomalies, routed_records) rather than the rollups
 * the dashboard reads: the independent check of a frame. Windows follow docs/api.md and
 * `services/dashboard/overview.ts`: the per-minute panels cover the `minutes` minutes up to
 * and including the current one, the 5-minute panels and the rates the whole minutes before
 * the current one.
 */
import type { Sql } from "../../shared/db/mod.ts";

const MINUTE = 60_000;
const TYPES = ["LOW_HEART_RATE", "HIGH_HEART_RATE", "SPIKE"] as const;

/** The overview's figures that SQL can recount; shaped like the frame's fields. */
export interface CountedOverview {
  readonly heartbeatsPerMinute: { minute: string; count: number }[];
  readonly anomaliesPerMinute: { minute: string; total: number; [type: string]: number | string }[];
  readonly anomalyBreakdown: { type: string; count: number }[];
  readonly lastFiveMinutes: {
    readings: number;
    average: number | null;
    p95: number | null;
    activeCustomers: number;
  };
  readonly recentAnomalyIds: string[];
  readonly storedPerSecond: number;
  readonly anomaliesPerSecond: number;
  readonly invalid: { lastMinute: number; lastFiveMinutes: number; lastHour: number };
  readonly dlq: { lastMinute: number; lastFiveMinutes: number; lastHour: number };
}

/**
 * Counts the overview of the `minutes` minutes up to `at` (a frame's `generatedAt`) from the
 * raw rows, for the writer group `writerGroup`'s routed records.
 */
export async function countOverview(
  sql: Sql,
  at: Date,
  minutes: number,
  writerGroup: string,
): Promise<CountedOverview> {
  const thisMinute = startOfMinute(at);
  const from = new Date(thisMinute.getTime() - (minutes - 1) * MINUTE);
  // The rollups hold whole minutes: those that start before `at`.
  const minutesEnd = new Date(startOfMinute(new Date(at.getTime() - 1)).getTime() + MINUTE);
  const fiveAgo = new Date(thisMinute.getTime() - 5 * MINUTE);
  const oneAgo = new Date(thisMinute.getTime() - MINUTE);
  const ago = (m: number) => new Date(at.getTime() - m * MINUTE);
  const [readings, anomalies, [five], [lastMinute], recent, routed] = await Promise.all([
    sql<{ minute: Date; count: number }[]>`
      select date_trunc('minute', event_time) as minute, count(*)::int as count
      from heartbeat_events where event_time >= ${from} and event_time < ${minutesEnd}
      group by 1`,
    sql<{ minute: Date; type: string; count: number }[]>`
      select date_trunc('minute', event_time) as minute, anomaly_type as type, count(*)::int as count
      from anomalies where event_time >= ${from} and event_time < ${at} group by 1, 2`,
    sql<CountedOverview["lastFiveMinutes"][]>`
      select count(*)::int as readings, avg(heart_rate)::float8 as average,
        (percentile_cont(0.95) within group (order by heart_rate))::float8 as p95,
        count(distinct customer_id)::int as "activeCustomers"
      from heartbeat_events where event_time >= ${fiveAgo} and event_time < ${thisMinute}`,
    sql<{ stored: number; anomalies: number }[]>`
      select
        (select count(*) from heartbeat_events
         where event_time >= ${oneAgo} and event_time < ${thisMinute})::int as stored,
        (select count(*) from anomalies
         where event_time >= ${oneAgo} and event_time < ${thisMinute})::int as anomalies`,
    sql<{ id: string }[]>`
      select anomaly_id::text as id from anomalies
      where event_time >= ${ago(1440)} and event_time < ${ago(-5)}
      order by event_time desc, anomaly_id desc limit 20`,
    sql<{ destination: string; m1: number; m5: number; m60: number }[]>`
      select destination,
        (count(*) filter (where routed_at >= ${ago(1)}))::int as m1,
        (count(*) filter (where routed_at >= ${ago(5)}))::int as m5, count(*)::int as m60
      from routed_records
      where consumer_group = ${writerGroup} and routed_at >= ${ago(60)} and routed_at < ${at}
      group by 1`,
  ]);
  const starts = Array.from({ length: minutes }, (_, i) => from.getTime() + i * MINUTE);
  const perMinute = new Map(readings.map((r) => [r.minute.getTime(), r.count]));
  const anomaliesPerMinute = starts.map((start) => {
    const rows = anomalies.filter((a) => a.minute.getTime() === start);
    const entry: CountedOverview["anomaliesPerMinute"][number] = {
      minute: new Date(start).toISOString(),
      total: rows.reduce((sum, r) => sum + r.count, 0),
    };
    for (const type of TYPES) entry[type] = rows.find((r) => r.type === type)?.count ?? 0;
    return entry;
  });
  const routedOf = (destination: string) => {
    const row = routed.find((r) => r.destination === destination);
    return { lastMinute: row?.m1 ?? 0, lastFiveMinutes: row?.m5 ?? 0, lastHour: row?.m60 ?? 0 };
  };
  return {
    heartbeatsPerMinute: starts.map((start) => ({
      minute: new Date(start).toISOString(),
      count: perMinute.get(start) ?? 0,
    })),
    anomaliesPerMinute,
    anomalyBreakdown: TYPES.map((type) => ({
      type,
      count: anomaliesPerMinute.reduce((sum, m) => sum + (m[type] as number), 0),
    })),
    lastFiveMinutes: five!,
    recentAnomalyIds: recent.map((r) => r.id),
    storedPerSecond: Math.round((lastMinute!.stored / 60) * 10) / 10,
    anomaliesPerSecond: Math.round((lastMinute!.anomalies / 60) * 10) / 10,
    invalid: routedOf("invalid"),
    dlq: routedOf("dlq"),
  };
}

function startOfMinute(time: Date): Date {
  return new Date(Math.floor(time.getTime() / MINUTE) * MINUTE);
}
