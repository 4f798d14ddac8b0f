/**
 * The storage run (issue #6): does the cost stay flat as the data grows? In a scratch schema
 * of its own (all migrations applied), readings are written with the writer's own statements
 * (`insertEvents` + `markRollupMinutes`, one transaction per batch) until the table holds
 * `firstRows`, then on to `totalRows`; the writer's insert rate over the first `windowRows`
 * and over the `windowRows` after `totalRows`, and the dashboard queries' latency after each
 * stage (rollups settled by the maintainer's own recomputation), are compared. Readings run
 * forward in event time from a few days back, so they fill several daily partitions.
 */
import {
  createSql,
  loadMigrations,
  migrate,
  populationStats,
  readingsPerMinute,
  type Sql,
} from "../../shared/db/mod.ts";
import { type EventRow, insertEvents, markRollupMinutes } from "../../services/consumer/store.ts";
import { recomputeRollups } from "../../services/maintainer/rollups.ts";
import { CUSTOM_PLANS } from "../../services/dashboard/queries.ts";
import type { BenchContext } from "./context.ts";

/** Sizes of the storage run. */
export interface StoragePlan {
  /** Distinct customers; each reads every `intervalS` seconds of event time. */
  readonly customers: number;
  readonly intervalS: number;
  /** Rows in the table at the first measurement, and at the second. */
  readonly firstRows: number;
  readonly totalRows: number;
  /** Rows whose insert rate is measured at each size: the last ones written before it. */
  readonly windowRows: number;
  /** Rows per writer transaction. */
  readonly batchRows: number;
  /** Runs of each query per size (latency percentiles over these). */
  readonly queryRuns: number;
}

/** Latency of one query at one size. */
export interface QueryLatency {
  readonly p50Ms: number;
  readonly p95Ms: number;
}

/** One size's figures. */
export interface StorageStage {
  readonly rows: number;
  readonly partitions: number;
  /** The writer's insert rate over `windowRows` at this size. */
  readonly insertRowsPerS: number;
  /** Recomputing the stale rollup minutes after the stage: minutes per second. */
  readonly rollupMinutesPerS: number;
  readonly queries: Record<string, QueryLatency>;
}

/** The storage run's result. */
export interface StorageFigures {
  readonly plan: StoragePlan;
  readonly first: StorageStage;
  readonly second: StorageStage;
  /** second / first for the insert rate and each query's p50 (1 = flat). */
  readonly ratios: Record<string, number>;
  /** Plan of the customer drill-down at the second size: its top node and index. */
  readonly drilldownPlan: string;
}

const QUERY_NAMES = [
  "readings per minute (60 min, rollups)",
  "population stats (5 min, rollups)",
  "customer drill-down (6 h, raw)",
] as const;

/** Runs the storage benchmark in a scratch schema and drops it afterwards. */
export async function measureStorage(
  ctx: BenchContext,
  plan: StoragePlan,
): Promise<StorageFigures> {
  const schema = `${ctx.runId.replaceAll("-", "_")}_storage`;
  await ctx.sql`create schema ${ctx.sql(schema)}`;
  // The dashboard's session settings for plans (services/dashboard/queries.ts): its queries
  // are what the storage step times.
  const url = new URL(ctx.database.url);
  for (const [name, value] of Object.entries(CUSTOM_PLANS)) url.searchParams.set(name, value);
  const sql = createSql({ ...ctx.database, url: url.toString() }, {
    max: 2,
    applicationName: "heartbeat-bench-storage",
    searchPath: schema,
  });
  try {
    await migrate(sql, await loadMigrations(`${ctx.root}/db/migrations`));
    const startMs = Math.floor((Date.now() - 12 * 86_400_000) / 86_400_000) * 86_400_000;
    const spanMs = Math.ceil((plan.totalRows + plan.windowRows) / plan.customers) * plan.intervalS *
      1000;
    await sql`select storage_ensure_partitions(t, ${new Date(startMs)}, ${new Date(
      startMs + spanMs + 86_400_000,
    )}, 24) from unnest(array['heartbeat_events', 'heartbeat_rollup_minute', 'heartbeat_rollup_minute_hr']) t`;
    const rows = readingSource(plan, startMs);

    // Each size's insert rate is measured over the last windowRows before it, so with one
    // day of readings per firstRows both windows fill the same stretch of a daily partition:
    // what differs is only how much older data the table holds.
    ctx.log(`storage: writing ${plan.firstRows.toLocaleString("en")} readings`);
    await write(sql, rows, plan.firstRows - plan.windowRows, plan.batchRows);
    await settle(sql);
    const firstRate = await write(sql, rows, plan.windowRows, plan.batchRows);
    const first = await stage(ctx, sql, plan, firstRate, rows.lastTimeMs());
    ctx.log(`storage: writing on to ${plan.totalRows.toLocaleString("en")} readings`);
    await write(sql, rows, plan.totalRows - plan.firstRows - plan.windowRows, plan.batchRows);
    await settle(sql);
    const secondRate = await write(sql, rows, plan.windowRows, plan.batchRows);
    const second = await stage(ctx, sql, plan, secondRate, rows.lastTimeMs());
    const ratios: Record<string, number> = {
      "insert rows/s": second.insertRowsPerS / first.insertRowsPerS,
    };
    for (const name of QUERY_NAMES) {
      ratios[name] = second.queries[name]!.p50Ms / first.queries[name]!.p50Ms;
    }
    const drilldownPlan = (await sql<{ "QUERY PLAN": string }[]>`
      explain select event_time, heart_rate from heartbeat_events
      where customer_id = 'c-1' and event_time >= ${new Date(rows.lastTimeMs() - 6 * 3_600_000)}
      order by event_time desc limit 1000`).map((r) => r["QUERY PLAN"].trim())
      .filter((line) => /Scan/.test(line)).slice(0, 2).join("; ");
    return { plan, first, second, ratios, drilldownPlan };
  } finally {
    await sql.end({ timeout: 5 });
    await ctx.sql`drop schema ${ctx.sql(schema)} cascade`;
  }
}

/** Readings in event-time order: customer `c-<k>` every `intervalS`, staggered. */
function readingSource(plan: StoragePlan, startMs: number) {
  let next = 0;
  let seed = 12345;
  const stepMs = plan.intervalS * 1000;
  const at = (i: number) =>
    startMs + Math.floor(i / plan.customers) * stepMs +
    Math.floor(((i % plan.customers) * stepMs) / plan.customers);
  return {
    take(n: number): EventRow[] {
      const out: EventRow[] = [];
      for (let k = 0; k < n; k++, next++) {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        out.push({
          customerId: `c-${next % plan.customers}`,
          eventId: crypto.randomUUID(),
          eventTime: new Date(at(next)).toISOString(),
          heartRate: 50 + (seed % 100),
          schemaVersion: 1,
          topic: "bench-storage",
          partition: 0,
          offset: BigInt(next),
          deviceId: null,
          deviceModel: null,
          batteryPct: null,
        });
      }
      return out;
    },
    lastTimeMs: () => at(Math.max(0, next - 1)),
  };
}

/** Writes `n` readings like the writer does; returns rows per second. */
async function write(
  sql: Sql,
  source: ReturnType<typeof readingSource>,
  n: number,
  batchRows: number,
): Promise<number> {
  let elapsed = 0;
  for (let done = 0; done < n; done += batchRows) {
    const batch = source.take(Math.min(batchRows, n - done));
    const started = performance.now();
    await sql.begin(async (tx) => {
      await insertEvents(tx, batch);
      await markRollupMinutes(tx, 0, batch);
    });
    elapsed += performance.now() - started;
  }
  return n / (elapsed / 1000);
}

/** Recomputes every stale minute; returns minutes per second. */
async function settle(sql: Sql): Promise<number> {
  const started = performance.now();
  let minutes = 0;
  while (true) {
    const pass = await recomputeRollups(sql, 1000);
    minutes += pass.minutes;
    if (pass.pending === 0) break;
  }
  return minutes / Math.max(1e-3, (performance.now() - started) / 1000);
}

async function stage(
  ctx: BenchContext,
  sql: Sql,
  plan: StoragePlan,
  insertRowsPerS: number,
  lastMs: number,
): Promise<StorageStage> {
  const rollupMinutesPerS = await settle(sql);
  await sql`analyze heartbeat_events`;
  const at = new Date(Math.floor(lastMs / 60_000) * 60_000);
  const minutesBack = (m: number) => new Date(at.getTime() - m * 60_000);
  const queries: Record<string, QueryLatency> = {};
  const runs: Record<(typeof QUERY_NAMES)[number], (i: number) => Promise<unknown>> = {
    "readings per minute (60 min, rollups)": () => readingsPerMinute(sql, minutesBack(60), at),
    "population stats (5 min, rollups)": () => populationStats(sql, minutesBack(5), at),
    "customer drill-down (6 h, raw)": (i) =>
      sql`select event_time, heart_rate from heartbeat_events
          where customer_id = ${`c-${(i * 7919) % plan.customers}`} and event_time >= ${
        minutesBack(360)
      }
          order by event_time desc limit 1000`,
  };
  for (const name of QUERY_NAMES) {
    await runs[name](0); // warm
    const times: number[] = [];
    for (let i = 1; i <= plan.queryRuns; i++) {
      const started = performance.now();
      await runs[name](i);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    queries[name] = {
      p50Ms: times[Math.floor((times.length - 1) / 2)]!,
      p95Ms: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]!,
    };
  }
  const [size] = await sql<{ rows: number; partitions: number }[]>`
    select (select count(*)::int from heartbeat_events) as rows,
      (select count(*)::int from storage_partitions where parent = 'heartbeat_events') as partitions`;
  const { rows, partitions } = size!;
  ctx.log(
    `storage: ${rows.toLocaleString("en")} rows in ${partitions} partitions, insert ${
      Math.round(insertRowsPerS).toLocaleString("en")
    } rows/s, rollups ${Math.round(rollupMinutesPerS)} minutes/s`,
  );
  return { rows, partitions, insertRowsPerS, rollupMinutesPerS, queries };
}
