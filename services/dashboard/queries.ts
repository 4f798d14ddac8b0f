/**
 * Every SQL statement the dashboard runs, and nothing else does (those on alerts, the
 * acknowledgement included, are in `alert_queries.ts`). Each one is bounded: a
 * LIMIT, or a time window on an indexed column no wider than {@link QUERY_LIMITS} (enforced
 * here, whatever a caller asks), so no request can scan a whole table. They run as the
 * read-only role `heartbeat_dashboard` (SELECT on heartbeat_events, anomalies,
 * routed_records and ingest_checkpoint; migration 0003).
 *
 * The readings' per-minute and 5-minute panels ({@link heartbeatsPerMinute},
 * {@link heartRateStats}, the stored rate of {@link recentCounts}) read the per-minute rollups
 * (migration 0004, `shared/db/rollup_reads.ts`): a few hundred rows per minute whatever the
 * table's size, exact as of the maintainer's last pass (ROLLUP_INTERVAL_S), and covering the
 * whole minutes that start in the window. Anomalies are few and read raw.
 */
import type { DatabaseConfig } from "../../shared/config/mod.ts";
import { populationStats, readingsPerMinute, type Sql } from "../../shared/db/mod.ts";

/** The widest windows and largest row counts any query here accepts. */
export const QUERY_LIMITS = {
  /** Per-minute panels (overview, live stream). */
  overviewMinutes: 60,
  /** A customer's heart-rate chart. */
  customerMinutes: 360,
  /** The anomalies feed and the invalid/DLQ records list. */
  feedMinutes: 1440,
  /** Lists of recent rows without a window of their own ("the last 20 anomalies"). */
  recentDays: 30,
  /** Readings in one customer chart (the newest ones when the window holds more). */
  readings: 10_000,
  /** Rows of one anomaly or routed-record list. */
  rows: 1000,
  /** Customers one search returns. */
  search: 50,
  /** Checkpoint rows (groups × partitions). */
  checkpoints: 10_000,
} as const;

/**
 * How far after "now" listed rows may lie: a device clock may run ahead by up to
 * EVENT_TIME_MAX_FUTURE_S (300 s by default) and its readings are still valid.
 */
const FUTURE_SLACK_MS = 5 * 60_000;

/** A half-open time range `[from, to)`. */
export interface TimeWindow {
  readonly from: Date;
  readonly to: Date;
}

/** A count for the minute starting at `minute`. */
export interface MinuteCount {
  readonly minute: Date;
  readonly count: number;
}

/**
 * Readings per minute of event time, for the minutes starting in the window (minutes without
 * readings are absent), from the rollups.
 */
export async function heartbeatsPerMinute(sql: Sql, window: TimeWindow): Promise<MinuteCount[]> {
  const { from, to } = bounded(window, QUERY_LIMITS.overviewMinutes);
  return await readingsPerMinute(sql, from, to);
}

/** Anomalies per minute of event time and type in the window. */
export async function anomaliesPerMinute(
  sql: Sql,
  window: TimeWindow,
): Promise<(MinuteCount & { type: string })[]> {
  const { from, to } = bounded(window, QUERY_LIMITS.overviewMinutes);
  return await sql<(MinuteCount & { type: string })[]>`
    select date_trunc('minute', event_time) as minute, anomaly_type as type, count(*)::int as count
    from anomalies where event_time >= ${from} and event_time < ${to}
    group by 1, 2 order by 1, 2`;
}

/** The population's heart rate over a short window (the 5-minute stat panels). */
export interface HeartRateStats {
  readonly readings: number;
  /** Mean heart rate; null without readings. */
  readonly average: number | null;
  /** 95th percentile (continuous); null without readings. */
  readonly p95: number | null;
  /** Distinct customers with a reading in the window. */
  readonly activeCustomers: number;
}

/**
 * Average, p95 (exact, from the per-minute histograms) and distinct customers of the readings
 * in the minutes starting in the window (at most an hour), from the rollups.
 */
export async function heartRateStats(sql: Sql, window: TimeWindow): Promise<HeartRateStats> {
  const { from, to } = bounded(window, QUERY_LIMITS.overviewMinutes);
  return await populationStats(sql, from, to);
}

/**
 * Readings (from the rollups: the minutes starting in the window) and anomalies (raw) in a
 * short window: the pipeline's current rates.
 */
export async function recentCounts(
  sql: Sql,
  window: TimeWindow,
): Promise<{ stored: number; anomalies: number }> {
  const { from, to } = bounded(window, QUERY_LIMITS.overviewMinutes);
  const [row] = await sql<{ stored: number; anomalies: number }[]>`
    select
      (select coalesce(sum(readings), 0) from heartbeat_rollup_minute_hr
       where minute >= ${from} and minute < ${to})::int as stored,
      (select count(*) from anomalies where event_time >= ${from} and event_time < ${to})::int as anomalies`;
  return row!;
}

/** An anomaly as the dashboard shows it. */
export interface AnomalyRecord {
  readonly anomalyId: string;
  readonly eventId: string;
  readonly customerId: string;
  readonly eventTime: Date;
  readonly heartRate: number;
  readonly previousHeartRate: number | null;
  readonly type: string;
  readonly severity: string;
  readonly threshold: number;
  readonly detectedAt: Date;
  /** Keyset position (microseconds since the epoch, then the id) for paging on. */
  readonly cursor: string;
}

/** Which anomalies to list: newest first, from `from` to just after `now`, optionally before a cursor. */
export interface AnomalyFilter {
  readonly from: Date;
  readonly now: Date;
  readonly limit: number;
  readonly type?: string;
  readonly severity?: string;
  readonly customerId?: string;
  /** A {@link AnomalyRecord.cursor}: only anomalies after it in the newest-first order. */
  readonly before?: { readonly micros: bigint; readonly anomalyId: string };
}

/**
 * Anomalies newest first (by event time, then id), filtered; at most `limit` (capped at
 * {@link QUERY_LIMITS.rows}) from at most {@link QUERY_LIMITS.feedMinutes} back, or
 * {@link QUERY_LIMITS.recentDays} for one customer (their index keeps that cheap).
 */
export async function listAnomalies(sql: Sql, filter: AnomalyFilter): Promise<AnomalyRecord[]> {
  const maxMinutes = filter.customerId === undefined
    ? QUERY_LIMITS.feedMinutes
    : QUERY_LIMITS.recentDays * 1440;
  const { from } = bounded({ from: filter.from, to: filter.now }, maxMinutes);
  const { before } = filter;
  return await sql<AnomalyRecord[]>`
    select anomaly_id as "anomalyId", event_id as "eventId", customer_id as "customerId",
      event_time as "eventTime", heart_rate as "heartRate",
      previous_heart_rate as "previousHeartRate", anomaly_type as type, severity, threshold,
      detected_at as "detectedAt",
      ((extract(epoch from event_time) * 1000000)::bigint)::text || '_' || anomaly_id as cursor
    from anomalies
    where event_time >= ${from} and event_time < ${ahead(filter.now)}
      ${filter.customerId === undefined ? sql`` : sql`and customer_id = ${filter.customerId}`}
      ${filter.type === undefined ? sql`` : sql`and anomaly_type = ${filter.type}`}
      ${filter.severity === undefined ? sql`` : sql`and severity = ${filter.severity}`}
      ${
    before === undefined ? sql`` : sql`and (event_time, anomaly_id) <
          (timestamptz 'epoch' + ${before.micros.toString()}::bigint * interval '1 microsecond',
           ${before.anomalyId}::uuid)`
  }
    order by event_time desc, anomaly_id desc
    limit ${cap(filter.limit, QUERY_LIMITS.rows)}`;
}

/**
 * Customer ids starting with `prefix`, in order, at most `limit` (capped at
 * {@link QUERY_LIMITS.search}). A skip scan over the (customer_id, event_time) index: one
 * index probe per id, never a scan of the readings. With a non-C collation ids sharing a
 * prefix may not sort together; the search then stops early rather than scan on.
 */
export async function searchCustomers(sql: Sql, prefix: string, limit: number): Promise<string[]> {
  const wanted = cap(limit, QUERY_LIMITS.search);
  const rows = await sql<{ customerId: string }[]>`
    with recursive found(customer_id, n) as (
      (select customer_id, 1 from heartbeat_events where customer_id >= ${prefix}
       order by customer_id limit 1)
      union all
      select (select h.customer_id from heartbeat_events h where h.customer_id > f.customer_id
              order by h.customer_id limit 1), f.n + 1
      from found f where f.n < ${wanted} and starts_with(f.customer_id, ${prefix})
    )
    select customer_id as "customerId" from found
    where customer_id is not null and starts_with(customer_id, ${prefix})
    order by customer_id`;
  return rows.map((r) => r.customerId);
}

/** One reading of a customer's chart. */
export interface ReadingPoint {
  readonly eventTime: Date;
  readonly heartRate: number;
}

/** The customer's newest reading, whenever it was (one index probe); undefined if none. */
export async function latestReading(
  sql: Sql,
  customerId: string,
): Promise<ReadingPoint | undefined> {
  const [row] = await sql<ReadingPoint[]>`
    select event_time as "eventTime", heart_rate as "heartRate" from heartbeat_events
    where customer_id = ${customerId} order by event_time desc limit 1`;
  return row;
}

/**
 * The customer's readings from `from` on (at most {@link QUERY_LIMITS.customerMinutes}
 * before `now`), oldest first: the newest `limit` (capped at {@link QUERY_LIMITS.readings}).
 */
export async function customerReadings(
  sql: Sql,
  customerId: string,
  window: { from: Date; now: Date; limit: number },
): Promise<ReadingPoint[]> {
  const { from } = bounded({ from: window.from, to: window.now }, QUERY_LIMITS.customerMinutes);
  const rows = await sql<ReadingPoint[]>`
    select event_time as "eventTime", heart_rate as "heartRate" from heartbeat_events
    where customer_id = ${customerId} and event_time >= ${from} and event_time < ${
    ahead(window.now)
  }
    order by event_time desc limit ${cap(window.limit, QUERY_LIMITS.readings)}`;
  return [...rows].reverse();
}

/** Records routed to the invalid or dead-letter topic, per destination, over the last hour. */
export interface RoutedCounts {
  readonly destination: "invalid" | "dlq";
  readonly lastMinute: number;
  readonly lastFiveMinutes: number;
  readonly lastHour: number;
}

/** How many records `group` routed in the last minute, 5 minutes and hour before `now`. */
export async function routedCounts(sql: Sql, group: string, now: Date): Promise<RoutedCounts[]> {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  return await sql<RoutedCounts[]>`
    select destination,
      (count(*) filter (where routed_at >= ${ago(1)}))::int as "lastMinute",
      (count(*) filter (where routed_at >= ${ago(5)}))::int as "lastFiveMinutes",
      count(*)::int as "lastHour"
    from routed_records
    where consumer_group = ${group} and routed_at >= ${ago(60)} and routed_at < ${now}
    group by destination order by destination`;
}

/** Routed records per destination and reason in the window (at most a day). */
export async function routedReasons(
  sql: Sql,
  group: string,
  window: TimeWindow,
): Promise<{ destination: string; reasonCode: string; count: number }[]> {
  const { from, to } = bounded(window, QUERY_LIMITS.feedMinutes);
  return await sql<{ destination: string; reasonCode: string; count: number }[]>`
    select destination, reason_code as "reasonCode", count(*)::int as count
    from routed_records
    where consumer_group = ${group} and routed_at >= ${from} and routed_at < ${to}
    group by 1, 2 order by 3 desc, 1, 2 limit 100`;
}

/** A record routed to the invalid or dead-letter topic, with its reason and provenance. */
export interface RoutedRecord {
  readonly destination: string;
  readonly reasonCode: string;
  readonly message: string;
  readonly customerId: string | null;
  readonly eventId: string | null;
  readonly sourceTopic: string;
  readonly sourcePartition: number;
  readonly sourceOffset: string;
  readonly attempts: number;
  readonly routedAt: Date;
}

/** Which routed records to list. */
export interface RoutedFilter {
  readonly group: string;
  readonly from: Date;
  readonly now: Date;
  readonly limit: number;
  readonly destination?: string;
  readonly reasonCode?: string;
  readonly customerId?: string;
}

/** `group`'s routed records, newest first, filtered (at most a day back, `rows` rows). */
export async function listRouted(sql: Sql, filter: RoutedFilter): Promise<RoutedRecord[]> {
  const { from } = bounded({ from: filter.from, to: filter.now }, QUERY_LIMITS.feedMinutes);
  return await sql<RoutedRecord[]>`
    select destination, reason_code as "reasonCode", message, customer_id as "customerId",
      event_id as "eventId", source_topic as "sourceTopic",
      source_partition as "sourcePartition", source_offset::text as "sourceOffset",
      attempts, routed_at as "routedAt"
    from routed_records
    where consumer_group = ${filter.group} and routed_at >= ${from}
      ${filter.destination === undefined ? sql`` : sql`and destination = ${filter.destination}`}
      ${filter.reasonCode === undefined ? sql`` : sql`and reason_code = ${filter.reasonCode}`}
      ${filter.customerId === undefined ? sql`` : sql`and customer_id = ${filter.customerId}`}
    order by routed_at desc, source_topic, source_partition, source_offset desc
    limit ${cap(filter.limit, QUERY_LIMITS.rows)}`;
}

/** A group's stored progress on one partition. */
export interface CheckpointRow {
  readonly group: string;
  readonly partition: number;
  readonly nextOffset: bigint;
  readonly updatedAt: Date;
}

/** The checkpoints of `groups` on `topic` (the authoritative progress of writer and detector). */
export async function checkpoints(
  sql: Sql,
  groups: readonly string[],
  topic: string,
): Promise<CheckpointRow[]> {
  const rows = await sql<
    { group: string; partition: number; nextOffset: string; updatedAt: Date }[]
  >`
    select consumer_group as "group", partition, next_offset::text as "nextOffset",
      updated_at as "updatedAt"
    from ingest_checkpoint where consumer_group = any(${
    sql.array(groups as string[])
  }::text[]) and topic = ${topic}
    order by 1, 2 limit ${QUERY_LIMITS.checkpoints}`;
  return rows.map((r) => ({ ...r, nextOffset: BigInt(r.nextOffset) }));
}

/**
 * The connection settings the dashboard's queries run under: `config` (the dashboard role's)
 * with every transaction read-only and every statement cancelled after `statementTimeoutMs`
 * (default 5000), sent as startup parameters in the URL. A slow query then answers 503 in
 * bounded time instead of holding a connection of the pool. Plans are always custom
 * ({@link CUSTOM_PLANS}).
 */
export function readOnlySession(config: DatabaseConfig, statementTimeoutMs = 5000): DatabaseConfig {
  const url = new URL(config.url);
  url.searchParams.set("default_transaction_read_only", "on");
  url.searchParams.set("statement_timeout", String(statementTimeoutMs));
  for (const [name, value] of Object.entries(CUSTOM_PLANS)) url.searchParams.set(name, value);
  return { ...config, url: url.toString() };
}

/**
 * The dashboard's queries read time-partitioned tables with time bounds as parameters.
 * postgres.js prepares every statement, and after five runs PostgreSQL may switch a prepared
 * statement to a generic plan, which keeps every partition of the table and (PostgreSQL 15)
 * locks them all before pruning them at execution: a drill-down that reads one partition then
 * costs more the more days are kept. A custom plan prunes while planning.
 */
export const CUSTOM_PLANS: Readonly<Record<string, string>> = {
  plan_cache_mode: "force_custom_plan",
};

/** Resolves when the database answers (health checks). */
export async function ping(sql: Sql): Promise<void> {
  await sql`select 1`;
}

/** The window narrowed to at most `maxMinutes` before its end. */
function bounded(window: TimeWindow, maxMinutes: number): TimeWindow {
  const earliest = window.to.getTime() - maxMinutes * 60_000;
  return window.from.getTime() < earliest ? { from: new Date(earliest), to: window.to } : window;
}

/** The latest time a listed row may have at `now` (see FUTURE_SLACK_MS). */
function ahead(now: Date): Date {
  return new Date(now.getTime() + FUTURE_SLACK_MS);
}

/** A row count within 1..max. */
function cap(limit: number, max: number): number {
  return Math.max(1, Math.min(Math.trunc(limit), max));
}
