/**
 * The per-service PostgreSQL roles (migration 0003, logins set by the migrate step) against
 * the real database of the test stack: each service logs in as its own non-superuser role
 * that can do its work and nothing more. Every write happens in a transaction that is
 * rolled back, so the shared test database is left as it was.
 */
import assert from "node:assert/strict";
import { asServiceRole, SERVICE_ROLES, type ServiceRole } from "../../shared/config/mod.ts";
import { createSql, type Sql } from "../../shared/db/mod.ts";
import { testConfig } from "../_support/env.ts";

const config = testConfig();

async function asRole(role: ServiceRole, fn: (sql: Sql) => Promise<void>): Promise<void> {
  const sql = createSql(asServiceRole(config.database, role), { max: 1 });
  try {
    await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

class Rollback extends Error {}

/** Runs `statement` in a transaction that is always rolled back; returns the SQLSTATE or "ok". */
async function attempt(sql: Sql, statement: string): Promise<string> {
  try {
    await sql.begin(async (tx) => {
      await tx.unsafe(statement);
      throw new Rollback();
    });
  } catch (error) {
    if (error instanceof Rollback) return "ok";
    return String((error as { code?: string }).code ?? error);
  }
  return "ok";
}

const DENIED = "42501"; // insufficient_privilege
const EVENT = `insert into heartbeat_events (customer_id, event_id, event_time, heart_rate,
  source_topic, source_partition, source_offset)
  values ('it-roles', gen_random_uuid(), now(), 70, 'it', 0, 0)`;
const ANOMALY = `insert into anomalies (anomaly_id, event_id, customer_id, event_time,
  heart_rate, anomaly_type, severity, threshold)
  values (gen_random_uuid(), gen_random_uuid(), 'it-roles', now(), 30, 'LOW_HEART_RATE', 'high', 50)`;
const STATE = `insert into detector_state (customer_id, state) values ('it-roles', '{}')`;
const CHECKPOINT = `insert into ingest_checkpoint (consumer_group, topic, partition, next_offset)
  values ('it-roles', 'it', 0, 1)`;

Deno.test("roles: no role the project uses is a superuser, and the migrator may create roles", async () => {
  const sql = createSql(config.database, { max: 1 });
  try {
    const names = [config.database.user, ...Object.values(SERVICE_ROLES).map((r) => r.user)];
    const rows = await sql<
      { rolname: string; rolsuper: boolean; rolcanlogin: boolean; rolcreaterole: boolean }[]
    >`
      select rolname, rolsuper, rolcanlogin, rolcreaterole from pg_roles
      where rolname = any(${names}) order by rolname`;
    assert.deepEqual(rows.map((r) => r.rolname), [...names].sort());
    for (const row of rows) {
      assert.equal(row.rolsuper, false, `${row.rolname} is a superuser`);
      assert.equal(row.rolcanlogin, true, `${row.rolname} cannot log in`);
    }
    const migrator = rows.find((r) => r.rolname === config.database.user);
    assert.equal(migrator?.rolcreaterole, true, "the migrator needs CREATEROLE for migration 0003");
    const services = rows.filter((r) => r.rolname !== config.database.user);
    assert.ok(services.every((r) => !r.rolcreaterole), "service roles cannot create roles");
  } finally {
    await sql.end({ timeout: 5 });
  }
});

Deno.test("roles: each service logs in as its own role with the configured password", async () => {
  for (const [role, { user }] of Object.entries(SERVICE_ROLES)) {
    await asRole(role as ServiceRole, async (sql) => {
      const [row] = await sql<{ who: string }[]>`select current_user as who`;
      assert.equal(row?.who, user);
    });
  }
  const badPassword = createSql(
    {
      ...config.database,
      url: asServiceRole(
        { ...config.database, rolePasswords: { ...config.database.rolePasswords, writer: "nope" } },
        "writer",
      ).url,
    },
    { max: 1 },
  );
  try {
    await assert.rejects(badPassword`select 1`, (e: { code?: string }) => e.code === "28P01");
  } finally {
    await badPassword.end({ timeout: 5 });
  }
});

Deno.test("roles: the writer stores readings and its progress, and nothing else", async () => {
  await asRole("writer", async (sql) => {
    assert.equal(await attempt(sql, EVENT), "ok");
    assert.equal(await attempt(sql, CHECKPOINT), "ok");
    assert.equal(await attempt(sql, "select nextval('partition_claim_epoch')"), "ok");
    assert.equal(
      await attempt(sql, "select * from ingest_checkpoint where partition = 0 for update"),
      "ok",
    );
    assert.equal(await attempt(sql, ANOMALY), DENIED);
    assert.equal(await attempt(sql, STATE), DENIED);
    assert.equal(await attempt(sql, "select * from detector_state limit 1"), DENIED);
    assert.equal(await attempt(sql, "delete from heartbeat_events"), DENIED);
    assert.equal(await attempt(sql, "update heartbeat_events set heart_rate = 1"), DENIED);
    assert.equal(await attempt(sql, "truncate heartbeat_events"), DENIED);
    assert.equal(await attempt(sql, "delete from schema_migrations"), DENIED);
    assert.equal(await attempt(sql, "create table it_roles_x (a int)"), DENIED);
    assert.equal(await attempt(sql, "drop table heartbeat_events"), DENIED);
  });
});

Deno.test("roles: the detector stores anomalies, its state and progress, and nothing else", async () => {
  await asRole("detector", async (sql) => {
    assert.equal(await attempt(sql, ANOMALY), "ok");
    assert.equal(await attempt(sql, STATE), "ok");
    assert.equal(await attempt(sql, CHECKPOINT), "ok");
    assert.equal(await attempt(sql, "select nextval('partition_claim_epoch')"), "ok");
    assert.equal(await attempt(sql, EVENT), DENIED);
    assert.equal(await attempt(sql, "select * from heartbeat_events limit 1"), DENIED);
    assert.equal(await attempt(sql, "delete from anomalies"), DENIED);
    assert.equal(await attempt(sql, "delete from detector_state"), DENIED);
    assert.equal(await attempt(sql, "create table it_roles_x (a int)"), DENIED);
  });
});

Deno.test("roles: the dashboard role only reads", async () => {
  await asRole("dashboard", async (sql) => {
    for (const table of ["heartbeat_events", "anomalies", "routed_records", "ingest_checkpoint"]) {
      assert.equal(await attempt(sql, `select * from ${table} limit 1`), "ok", table);
    }
    assert.equal(await attempt(sql, "select * from detector_state limit 1"), DENIED);
    assert.equal(await attempt(sql, EVENT), DENIED);
    assert.equal(await attempt(sql, ANOMALY), DENIED);
    assert.equal(await attempt(sql, CHECKPOINT), DENIED);
    assert.equal(await attempt(sql, "select nextval('partition_claim_epoch')"), DENIED);
    assert.equal(await attempt(sql, "create table it_roles_x (a int)"), DENIED);
  });
});
