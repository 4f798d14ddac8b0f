/**
 * Reads of the per-minute rollups (migration 0004) for the dashboards' per-minute and
 * 5-minute panels: a few hundred rows per minute instead of every reading, so a panel costs
 * the same whatever the size of `heartbeat_events`. A window `[from, to)` takes the whole
 * minutes that start in it. The figures are exact — the same as the aggregate over the raw
 * readings of those minutes — as of the maintainer's last pass (ROLLUP_INTERVAL_S).
 */
import type { Sql } from "./client.ts";

/** Readings in the minute starting at `minute`. */
export interface MinuteReadings {
  readonly minute: Date;
  readonly count: number;
}

/** Readings per minute (minutes without readings are absent). */
export async function readingsPerMinute(sql: Sql, from: Date, to: Date): Promise<MinuteReadings[]> {
  return await sql<MinuteReadings[]>`
    select minute, sum(readings)::int as count from heartbeat_rollup_minute_hr
    where minute >= ${from} and minute < ${to}
    group by minute order by minute`;
}

/** The population's heart rate over the minutes of a window. */
export interface PopulationStats {
  readonly readings: number;
  /** Mean heart rate; null without readings. */
  readonly average: number | null;
  /** 95th percentile, interpolated as `percentile_cont(0.95)`; null without readings. */
  readonly p95: number | null;
  /** Distinct customers with a reading in the window. */
  readonly activeCustomers: number;
}

/**
 * Count, mean, p95 and distinct customers. The p95 comes from the per-minute histogram of
 * heart rates: with N readings, `percentile_cont(0.95)` interpolates between the values at
 * ranks ⌊0.95 (N − 1)⌋ and ⌈0.95 (N − 1)⌉, which the cumulative counts locate exactly.
 */
export async function populationStats(sql: Sql, from: Date, to: Date): Promise<PopulationStats> {
  const [row] = await sql<PopulationStats[]>`
    with h as (
      select heart_rate, sum(readings)::bigint as n from heartbeat_rollup_minute_hr
      where minute >= ${from} and minute < ${to} group by heart_rate
    ), c as (
      select heart_rate, sum(n) over (order by heart_rate) - n as first_rank from h
    ), t as (
      select sum(n) as total, sum(heart_rate * n) as hr_sum, 0.95 * (sum(n) - 1) as p from h
    )
    select coalesce(t.total, 0)::int as readings,
      (t.hr_sum::float8 / nullif(t.total, 0)) as average,
      (select lo.heart_rate + (t.p - floor(t.p)) * (hi.heart_rate - lo.heart_rate)
       from (select heart_rate from c where first_rank <= floor(t.p) order by heart_rate desc limit 1) lo,
            (select heart_rate from c where first_rank <= ceil(t.p) order by heart_rate desc limit 1) hi
      )::float8 as p95,
      (select count(distinct customer_id)::int from heartbeat_rollup_minute
       where minute >= ${from} and minute < ${to}) as "activeCustomers"
    from t`;
  return row!;
}
