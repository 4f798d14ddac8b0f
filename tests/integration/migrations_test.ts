/**
 * The migration runner against the real PostgreSQL of the test stack. Each test works in a
 * schema of its own, so it starts from an empty database whatever ran before.
 */
import assert from "node:assert/strict";
import {
  createSql,
  DbError,
  loadMigrations,
  migrate,
  type Migration,
  type Sql,
} from "../../shared/db/mod.ts";
import { testConfig, uniqueName } from "../_support/env.ts";

const config = testConfig();
const MIGRATIONS_DIR = new URL("../../db/migrations", import.meta.url).pathname;

async function withSchema(fn: (sql: Sql, schema: string) => Promise<void>): Promise<void> {
  const schema = uniqueName("it_mig");
  const admin = createSql(config.database, { max: 1 });
  await admin.unsafe(`create schema ${schema}`);
  const sql = createSql(config.database, { max: 4, searchPath: schema });
  try {
    await fn(sql, schema);
  } finally {
    await sql.end({ timeout: 5 });
    await admin.unsafe(`drop schema ${schema} cascade`);
    await admin.end({ timeout: 5 });
  }
}

const extra = (version: number, body: string, name = `${version}_extra.sql`): Migration => ({
  version,
  name,
  sql: body,
  checksum: `sum-${body}`,
});

Deno.test("migrate: applies every migration once, and a second run applies nothing", async () => {
  const migrations = await loadMigrations(MIGRATIONS_DIR);
  assert.ok(migrations.length >= 1);
  await withSchema(async (sql, schema) => {
    const first = await migrate(sql, migrations);
    assert.ok(first.every((o) => o.action === "applied"));
    const second = await migrate(sql, migrations);
    assert.ok(second.every((o) => o.action === "already-applied"));
    const rows = await sql`select version from schema_migrations order by version`;
    assert.deepEqual(rows.map((r) => r.version), migrations.map((m) => m.version));
    // Tables, not their partitions.
    const tables = await sql`
      select c.relname as table_name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${schema} and c.relkind in ('r', 'p') and not c.relispartition
      order by c.relname collate "C"`;
    assert.deepEqual(tables.map((t) => t.table_name), [
      "alert_transitions",
      "alerts",
      "anomalies",
      "detector_state",
      "heartbeat_events",
      "heartbeat_rollup_minute",
      "heartbeat_rollup_minute_hr",
      "heartbeat_rollup_pending",
      "ingest_checkpoint",
      "routed_records",
      "schema_migrations",
      "storage_partitioned_tables",
      "storage_partitions",
    ]);
  });
});

Deno.test("migrate: heartbeat_events' idempotency key and indexes exist (partitioned by event_time)", async () => {
  await withSchema(async (sql, schema) => {
    await migrate(sql, await loadMigrations(MIGRATIONS_DIR));
    const indexes = await sql`
      select indexname, indexdef from pg_indexes
      where schemaname = ${schema} and tablename = 'heartbeat_events' order by indexname`;
    const defs = Object.fromEntries(
      indexes.map((i) => [i.indexname, i.indexdef.replace(/ ON (ONLY )?[^ ]+ /, " ON t ")]),
    );
    assert.equal(
      defs.uq_heartbeat_events_customer_event_time,
      "CREATE UNIQUE INDEX uq_heartbeat_events_customer_event_time ON t USING btree (customer_id, event_id, event_time)",
    );
    assert.equal(
      defs.idx_heartbeat_events_customer_time,
      "CREATE INDEX idx_heartbeat_events_customer_time ON t USING btree (customer_id, event_time DESC)",
    );
    assert.equal(
      defs.brin_heartbeat_events_time,
      "CREATE INDEX brin_heartbeat_events_time ON t USING brin (event_time) WITH (pages_per_range='32', autosummarize='on')",
    );
    const [partitioning] = await sql`
      select pg_get_partkeydef(c.oid) as key from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${schema} and c.relname = 'heartbeat_events'`;
    assert.equal(partitioning?.key, "RANGE (event_time)");
    // The same (customer_id, event_id, event_time) is refused a second time.
    const row = {
      customer_id: "c1",
      event_id: crypto.randomUUID(),
      event_time: new Date(),
      heart_rate: 70,
      source_topic: "t",
      source_partition: 0,
      source_offset: 1,
    };
    await sql`insert into heartbeat_events ${sql(row)}`;
    const again = await sql`insert into heartbeat_events ${
      sql(row)
    } on conflict (customer_id, event_id, event_time) do nothing returning 1`;
    assert.equal(again.length, 0);
  });
});

Deno.test("migrate: alerts keep at most one open alert per (customer, rule) and their history", async () => {
  await withSchema(async (sql, schema) => {
    await migrate(sql, await loadMigrations(MIGRATIONS_DIR));
    const open = (id: string, rule = "HIGH") =>
      sql`insert into alerts (alert_id, customer_id, rule, priority, status, opened_at, last_seq,
        reason) values (${id}, 'c1', ${rule}, 'high', 'pending', now(), 1, 'r')`;
    const [a, b, c] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    await open(a);
    await open(c, "LOW");
    await assert.rejects(
      () => open(b),
      (e: { code?: string; constraint_name?: string }) =>
        e.code === "23505" && e.constraint_name === "uq_alerts_open_customer_rule",
    );
    await sql`update alerts set status = 'resolved', resolved_at = now() where alert_id = ${a}`;
    await open(b); // the first one resolved: a new episode may open
    // The row's invariants: resolved iff resolved_at, firing has fired_at, ack fields together.
    for (
      const bad of [
        sql`update alerts set status = 'resolved' where alert_id = ${b}`,
        sql`update alerts set status = 'firing' where alert_id = ${b}`,
        sql`update alerts set acknowledged_by = 'ann' where alert_id = ${b}`,
        sql`update alerts set rule = 'TOO_FAST' where alert_id = ${b}`,
      ]
    ) await assert.rejects(() => bad, (e: { code?: string }) => e.code === "23514");
    // Transitions: (alert_id, seq) once; only the first has no from_status; gone with the alert.
    const transition = (seq: number, from: string | null, to: string) =>
      sql`insert into alert_transitions (alert_id, seq, customer_id, rule, priority, from_status,
        to_status, flapping, reason, opened_at, at, detected_at)
        values (${a}, ${seq}, 'c1', 'HIGH', 'high', ${from}, ${to}, false, 'r', now(), now(), now())
        on conflict do nothing returning seq`;
    assert.equal((await transition(1, null, "pending")).length, 1);
    assert.equal((await transition(1, null, "pending")).length, 0, "a replay is a no-op");
    assert.equal((await transition(2, "pending", "resolved")).length, 1);
    await assert.rejects(
      () => transition(3, null, "resolved"),
      (e: { code?: string }) => e.code === "23514",
    );
    const [deleted] = await sql`select alerts_delete_resolved(now() + interval '1 minute') as n`;
    assert.equal(Number(deleted!.n), 1, "only the resolved alert");
    const [left] = await sql`select (select count(*) from alerts)::int as alerts,
      (select count(*) from alert_transitions)::int as transitions`;
    assert.deepEqual({ ...left }, { alerts: 2, transitions: 0 });
    const indexes = await sql`select indexname from pg_indexes
      where schemaname = ${schema} and tablename in ('alerts', 'detector_state') order by 1`;
    assert.deepEqual(indexes.map((i) => i.indexname), [
      "alerts_pkey",
      "detector_state_pkey",
      "idx_alerts_customer_time",
      "idx_alerts_open_time",
      "idx_alerts_resolved_at",
      "idx_alerts_time",
      "idx_detector_state_partition",
      "uq_alerts_open_customer_rule",
    ]);
  });
});

Deno.test("migrate: every table and column of the schema carries a comment", async () => {
  await withSchema(async (sql, schema) => {
    await migrate(sql, await loadMigrations(MIGRATIONS_DIR));
    const uncommented = await sql`
      select c.relname || coalesce('.' || a.attname, '') as name
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where n.nspname = ${schema} and c.relkind in ('r', 'p') and not c.relispartition
        and c.relname <> 'schema_migrations'
        and col_description(c.oid, coalesce(a.attnum, 0)) is null
        and (a.attnum is not null or obj_description(c.oid, 'pg_class') is null)
      order by 1`;
    assert.deepEqual(uncommented.map((r) => r.name), []);
  });
});

Deno.test("migrate: a failing migration rolls back and is not recorded; earlier ones stay", async () => {
  await withSchema(async (sql) => {
    const migrations = [
      extra(1, "create table a (x int)"),
      extra(2, "create table b (x int); select 1/0"),
    ];
    await assert.rejects(
      () => migrate(sql, migrations),
      (e: unknown) =>
        e instanceof DbError && e.code === "MIGRATION_FAILED" && e.message.includes("2_extra.sql"),
    );
    const recorded = await sql`select version from schema_migrations`;
    assert.deepEqual(recorded.map((r) => r.version), [1]);
    const [b] = await sql`select to_regclass('b') as b`;
    assert.equal(b!.b, null);
  });
});

Deno.test("migrate: a migration edited after it was applied is refused", async () => {
  await withSchema(async (sql) => {
    await migrate(sql, [extra(1, "create table a (x int)")]);
    await assert.rejects(
      () => migrate(sql, [extra(1, "create table a (x bigint)", "1_extra.sql")]),
      (e: unknown) => e instanceof DbError && e.code === "MIGRATION_CHANGED",
    );
  });
});

Deno.test("migrate: concurrent runners apply each migration exactly once", async () => {
  await withSchema(async (sql) => {
    const migrations = [extra(1, "create table a (x int)"), extra(2, "create table b (x int)")];
    const results = await Promise.all([
      migrate(sql, migrations),
      migrate(sql, migrations),
      migrate(sql, migrations),
    ]);
    const applied = results.flat().filter((o) => o.action === "applied").map((o) => o.version)
      .sort();
    assert.deepEqual(applied, [1, 2]);
  });
});

Deno.test("loadMigrations: misnamed files and duplicate versions are refused", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/0001_a.sql`, "select 1");
    await Deno.writeTextFile(`${dir}/0001_b.sql`, "select 1");
    await assert.rejects(
      () => loadMigrations(dir),
      (e: unknown) => e instanceof DbError && /share version 1/.test(e.message),
    );
    await Deno.remove(`${dir}/0001_b.sql`);
    await Deno.writeTextFile(`${dir}/2-bad name.sql`, "select 1");
    await assert.rejects(
      () => loadMigrations(dir),
      (e: unknown) => e instanceof DbError && /misnamed/.test(e.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
