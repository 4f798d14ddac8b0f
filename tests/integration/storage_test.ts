/**
 * Time-partitioned storage (migration 0004) against the real PostgreSQL of the test stack,
 * each test in a schema of its own: several days of readings written with the writer's own
 * statements (as the writer role) across partition boundaries, with re-deliveries and late
 * readings; partitions kept and dropped by the maintainer (as the maintainer role); rollups
 * compared with a recomputation from the raw rows.
 */
import assert from "node:assert/strict";
import { asServiceRole, loadConfig, sections } from "../../shared/config/mod.ts";
import {
  createSql,
  loadMigrations,
  migrate,
  type PopulationStats,
  populationStats,
  readingsPerMinute,
  type Sql,
} from "../../shared/db/mod.ts";
import {
  type EventRow,
  findDuplicates,
  insertEvents,
  markRollupMinutes,
} from "../../services/consumer/store.ts";
import { maintainPartitions } from "../../services/maintainer/partitions.ts";
import { checkRetention, partitionWork } from "../../services/maintainer/plan.ts";
import { recomputeRollups } from "../../services/maintainer/rollups.ts";
import { testConfig, uniqueName } from "../_support/env.ts";

const config = testConfig();
const MIGRATIONS_DIR = new URL("../../db/migrations", import.meta.url).pathname;
const DAY = 86_400_000;
const NOW = Date.parse("2026-03-10T12:00:00Z");

/** Three days of retention and of accepted lateness, daily partitions, two days ahead. */
const settings = loadConfig(
  { storage: sections.storage, validation: sections.validation },
  (name) =>
    ({
      RETENTION_DAYS: "3",
      ANOMALY_RETENTION_DAYS: "3",
      ROLLUP_RETENTION_DAYS: "3",
      EVENT_TIME_MAX_AGE_H: "72",
      PARTITIONS_AHEAD_H: "48",
      PARTITION_INTERVAL_H: "24",
    })[name],
);

interface Roles {
  readonly schema: string;
  readonly owner: Sql;
  readonly writer: Sql;
  readonly maintainer: Sql;
  readonly dashboard: Sql;
}

async function withStorage(fn: (roles: Roles) => Promise<void>): Promise<void> {
  const schema = uniqueName("it_storage");
  const admin = createSql(config.database, { max: 1 });
  await admin.unsafe(`create schema ${schema}`);
  const owner = createSql(config.database, { max: 2, searchPath: schema });
  const writer = createSql(asServiceRole(config.database, "writer"), {
    max: 2,
    searchPath: schema,
  });
  const maintainer = createSql(asServiceRole(config.database, "maintainer"), {
    max: 2,
    searchPath: schema,
  });
  const dashboard = createSql(asServiceRole(config.database, "dashboard"), {
    max: 1,
    searchPath: schema,
  });
  try {
    await migrate(owner, await loadMigrations(MIGRATIONS_DIR));
    await fn({ schema, owner, writer, maintainer, dashboard });
  } finally {
    await Promise.all([owner, writer, maintainer, dashboard].map((s) => s.end({ timeout: 5 })));
    await admin.unsafe(`drop schema ${schema} cascade`);
    await admin.end({ timeout: 5 });
  }
}

let offset = 0n;
function row(customer: string, atMs: number, heartRate: number, eventId = crypto.randomUUID()) {
  return {
    customerId: customer,
    eventId,
    eventTime: new Date(atMs).toISOString(),
    heartRate,
    schemaVersion: 1,
    topic: "events.raw.v1",
    partition: 0,
    offset: offset++,
    deviceId: null,
    deviceModel: null,
    batteryPct: null,
  } satisfies EventRow;
}

/** What the writer does per batch: insert, and mark the minutes for the rollups. */
async function writeBatch(writer: Sql, rows: readonly EventRow[]): Promise<number> {
  return await writer.begin(async (tx) => {
    const inserted = await insertEvents(tx, rows);
    if (inserted > 0) await markRollupMinutes(tx, 0, rows);
    return inserted;
  });
}

/** Recomputes until nothing is pending. */
async function settleRollups(maintainer: Sql): Promise<void> {
  for (let pass = 0; pass < 10; pass++) {
    if ((await recomputeRollups(maintainer, 10_000)).pending === 0) return;
  }
  assert.fail("rollups still pending after 10 passes");
}

/** Rows of the rollups that differ from a recomputation from raw rows (both directions). */
async function rollupDifferences(owner: Sql): Promise<number> {
  const [diff] = await owner<{ n: number }[]>`
    with truth as (
      select date_trunc('minute', event_time) as minute, customer_id, count(*)::int as readings,
             min(heart_rate) as hr_min, max(heart_rate) as hr_max, sum(heart_rate)::bigint as hr_sum,
             (percentile_cont(0.95) within group (order by heart_rate))::real as hr_p95
      from heartbeat_events group by 1, 2
    ), truth_hr as (
      select date_trunc('minute', event_time) as minute, heart_rate, count(*)::int as readings
      from heartbeat_events group by 1, 2
    )
    select ((select count(*) from (
               (select * from truth except select * from heartbeat_rollup_minute)
               union all (select * from heartbeat_rollup_minute except select * from truth)) d)
          + (select count(*) from (
               (select * from truth_hr except select * from heartbeat_rollup_minute_hr)
               union all (select * from heartbeat_rollup_minute_hr except select * from truth_hr)) d)
          )::int as n`;
  return diff!.n;
}

Deno.test("storage: days of readings across partition boundaries — counts, no duplicates, retention, exact rollups", async () => {
  await withStorage(async ({ owner, writer, maintainer, dashboard }) => {
    checkRetention(settings.storage, settings.validation);
    // Partitions from NOW − 3 days to NOW + 2 days: 6 daily partitions per table (the
    // migration made a few around the real clock too; only this range matters here).
    const first = await maintainPartitions(
      maintainer,
      partitionWork(NOW, settings.storage, settings.validation),
      settings.storage.partitionHours,
    );
    const events = first.find((c) => c.table === "heartbeat_events")!;
    assert.deepEqual(events.created, [
      "heartbeat_events_p20260307_00",
      "heartbeat_events_p20260308_00",
      "heartbeat_events_p20260309_00",
      "heartbeat_events_p20260310_00",
      "heartbeat_events_p20260311_00",
      "heartbeat_events_p20260312_00",
    ]);
    assert.deepEqual(events.dropped, []);

    // Four customers, a reading every 10 minutes from NOW − 3 days to NOW, and bursts of
    // readings in the minutes around each midnight (rollups with several readings).
    const customers = ["c-a", "c-b", "c-c", "c-d"];
    const rows: EventRow[] = [];
    for (let t = NOW - 3 * DAY + 60_000; t <= NOW; t += 600_000) {
      customers.forEach((c, i) =>
        rows.push(row(c, t + i * 1000, 60 + (Math.round(t / 600_000) + i) % 50))
      );
    }
    for (const midnight of [NOW - 2.5 * DAY, NOW - 1.5 * DAY, NOW - 0.5 * DAY]) {
      for (let s = -90; s < 90; s += 7) {
        customers.forEach((c, i) => rows.push(row(c, midnight + s * 1000 + i, 50 + (s + 90) % 97)));
      }
    }
    let inserted = 0;
    for (let i = 0; i < rows.length; i += 500) {
      inserted += await writeBatch(writer, rows.slice(i, i + 500));
    }
    assert.equal(inserted, rows.length);

    // Re-delivery of a whole stretch: nothing new.
    assert.equal(await writeBatch(writer, rows.slice(1000, 1500)), 0);
    // A copy of a stored event id with another event_time within the hour, and one with the
    // same time but another rate: not stored again, and found as stored by another record.
    const original = rows[42]!;
    const moved = { ...row(original.customerId, Date.parse(original.eventTime) + 600_000, 99) };
    const copies = [
      { ...moved, eventId: original.eventId },
      {
        ...row(original.customerId, Date.parse(original.eventTime), 77),
        eventId: original.eventId,
      },
    ];
    assert.equal(await writeBatch(writer, copies), 0);
    await writer.begin(async (tx) => {
      const found = await findDuplicates(tx, copies);
      assert.deepEqual(found.map((f) => f.index).sort(), [0, 1]);
      assert.ok(found.every((f) => f.eventTimeMs === Date.parse(original.eventTime)));
    });

    await settleRollups(maintainer);
    assert.equal(await rollupDifferences(owner), 0, "rollups equal a recomputation");

    // A late reading (2.5 days old) into a minute whose rollup is already computed.
    const late = row("c-late", NOW - 2.5 * DAY + 30_000, 130);
    assert.equal(await writeBatch(writer, [late]), 1);
    rows.push(late);
    await settleRollups(maintainer);
    assert.equal(await rollupDifferences(owner), 0, "the late reading is in the rollups");

    // The panels' reads of the rollups equal the same aggregates over the raw readings, for
    // a 5-minute window with bursts and for a whole day.
    for (
      const [from, to] of [
        [NOW - 1.5 * DAY - 180_000, NOW - 1.5 * DAY + 120_000],
        [NOW - 2 * DAY, NOW - DAY],
      ]
    ) {
      const window = [new Date(from!), new Date(to!)] as const;
      const stats = await populationStats(dashboard, ...window);
      const [truth] = await owner<PopulationStats[]>`
        select count(*)::int as readings, avg(heart_rate)::float8 as average,
          percentile_cont(0.95) within group (order by heart_rate) as p95,
          count(distinct customer_id)::int as "activeCustomers"
        from heartbeat_events where event_time >= ${window[0]} and event_time < ${window[1]}`;
      assert.ok(truth!.readings > 0);
      assert.equal(stats.readings, truth!.readings);
      assert.equal(stats.activeCustomers, truth!.activeCustomers);
      assert.ok(
        Math.abs(stats.average! - truth!.average!) < 1e-9,
        `${stats.average} vs ${truth!.average}`,
      );
      assert.ok(Math.abs(stats.p95! - truth!.p95!) < 1e-9, `${stats.p95} vs ${truth!.p95}`);
      const perMinute = await readingsPerMinute(dashboard, ...window);
      const rawPerMinute = await owner<{ minute: Date; count: number }[]>`
        select date_trunc('minute', event_time) as minute, count(*)::int as count
        from heartbeat_events where event_time >= ${window[0]} and event_time < ${window[1]}
        group by 1 order by 1`;
      assert.deepEqual(perMinute, rawPerMinute);
    }
    const empty = await populationStats(dashboard, new Date(NOW + DAY), new Date(NOW + 2 * DAY));
    assert.deepEqual({ ...empty }, { readings: 0, average: null, p95: null, activeCustomers: 0 });

    // A reading older than any partition lands in the default partition, not nowhere; when
    // its range gets a partition, it moves there.
    const ancient = row("c-old", NOW - 5 * DAY, 70);
    assert.equal(await writeBatch(writer, [ancient]), 1);
    rows.push(ancient);
    const [inDefault] = await owner<{ n: number }[]>`
      select count(*)::int as n from heartbeat_events_default`;
    assert.equal(inDefault!.n, 1);
    await maintainer`select storage_ensure_partitions('heartbeat_events', ${new Date(
      NOW - 5 * DAY,
    )}, ${new Date(NOW - 4 * DAY)}, 24)`;
    const [moved2] = await owner<{ n: number; there: number }[]>`
      select (select count(*)::int from heartbeat_events_default) as n,
             (select count(*)::int from "heartbeat_events_p20260305_00") as there`;
    assert.deepEqual({ ...moved2 }, { n: 0, there: 1 });

    // Exact counts per day, and no event stored twice.
    const perDay = await owner<{ day: string; n: number }[]>`
      select to_char(event_time at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as n
      from heartbeat_events group by 1 order by 1`;
    const expected = new Map<string, number>();
    for (const r of rows) {
      const day = r.eventTime.slice(0, 10);
      expected.set(day, (expected.get(day) ?? 0) + 1);
    }
    assert.deepEqual(perDay.map((d) => [d.day, d.n]), [...expected].sort());
    const [dupes] = await owner<{ n: number }[]>`
      select count(*)::int as n from (select customer_id, event_id from heartbeat_events
        group by 1, 2 having count(*) > 1) d`;
    assert.equal(dupes!.n, 0);

    // One day later, retention (3 days) drops exactly the partitions that end by then − 3
    // days = 8 March 12:00: 5, 6 (made for the ancient reading's range) and 7 March.
    const later = await maintainPartitions(
      maintainer,
      partitionWork(NOW + DAY, settings.storage, settings.validation),
      settings.storage.partitionHours,
    );
    const afterDay = later.find((c) => c.table === "heartbeat_events")!;
    assert.deepEqual(afterDay.dropped, [
      "heartbeat_events_p20260305_00",
      "heartbeat_events_p20260306_00",
      "heartbeat_events_p20260307_00",
    ]);
    assert.deepEqual(afterDay.created, ["heartbeat_events_p20260313_00"]);
    const kept = rows.filter((r) => r.eventTime >= "2026-03-08").length;
    assert.ok(kept < rows.length && kept > 0);
    const [left] = await owner<{ n: number }[]>`select count(*)::int as n from heartbeat_events`;
    assert.equal(left!.n, kept);
    const rollupDropped = later.find((c) => c.table === "heartbeat_rollup_minute")!.dropped;
    assert.ok(rollupDropped.includes("heartbeat_rollup_minute_p20260307_00"));
  });
});

Deno.test("storage: the maintainer role runs the partition functions but cannot touch tables directly", async () => {
  await withStorage(async ({ maintainer }) => {
    const refused = async (statement: string) => {
      try {
        await maintainer.unsafe(statement);
        return "ok";
      } catch (error) {
        return String((error as { code?: string }).code);
      }
    };
    assert.equal(await refused("delete from heartbeat_events"), "42501");
    assert.equal(await refused("drop table heartbeat_events_default"), "42501");
    assert.equal(
      await refused("insert into storage_partitions values ('x','y',now(),now())"),
      "42501",
    );
    const [made] = await maintainer<{ n: number }[]>`
      select count(*)::int as n from storage_ensure_partitions('anomalies', now(), now() + interval '10 days', 24)`;
    assert.ok(made!.n >= 5);
  });
});

Deno.test("storage: a retention shorter than the accepted lateness is refused at start-up", () => {
  const short = loadConfig(
    { storage: sections.storage, validation: sections.validation },
    (name) => ({ RETENTION_DAYS: "7", EVENT_TIME_MAX_AGE_H: "240" })[name],
  );
  assert.throws(
    () => checkRetention(short.storage, short.validation),
    /retention of heartbeat_events is shorter than EVENT_TIME_MAX_AGE_H \(240 h\).*at least 10 days/,
  );
});
