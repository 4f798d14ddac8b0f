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
const STATE_WITH_ALERTS = `insert into detector_state (customer_id, state, alert_state,
  source_partition) values ('it-roles', '{}', '\\x0102', 3)`;
const CHECKPOINT = `insert into ingest_checkpoint (consumer_group, topic, partition, next_offset)
  values ('it-roles', 'it', 0, 1)`;
// Alerts (migration 0005). The detector's statements as it would write them: the alert
// upserted, its transitions appended (a replay is a no-op), the state saved with the
// partition it came from. The alert id is fixed: each statement runs in a rolled-back
// transaction, so it never collides with itself.
const ALERT_ID = "5df41881-3aed-5515-88a7-2f4a814cf09e";
const ALERT = `insert into alerts (alert_id, customer_id, rule, priority, status, opened_at,
  last_seq, value, threshold, reason)
  values ('${ALERT_ID}', 'it-roles', 'HIGH', 'high', 'pending', now(), 1, 152, 140, 'it')`;
const ALERT_UPSERT = `${ALERT} on conflict (alert_id) do update set status = excluded.status,
  fired_at = excluded.fired_at, resolved_at = excluded.resolved_at, last_seq = excluded.last_seq,
  flapping = excluded.flapping, value = excluded.value, threshold = excluded.threshold,
  reason = excluded.reason, priority = excluded.priority, updated_at = now()`;
const TRANSITION = `insert into alert_transitions (alert_id, seq, customer_id, rule, priority,
  from_status, to_status, flapping, value, threshold, reason, opened_at, at, detected_at)
  values ('${ALERT_ID}', 1, 'it-roles', 'HIGH', 'high', null, 'pending', false, 152, 140, 'it',
  now(), now(), now())`;
const ACK = `update alerts set acknowledged_by = 'it', acknowledged_at = now(), ack_note = 'n'
  where alert_id = '${ALERT_ID}' and acknowledged_at is null returning alert_id`;

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
    assert.equal(await attempt(sql, STATE_WITH_ALERTS), "ok");
    assert.equal(
      await attempt(
        sql,
        "select customer_id, alert_state from detector_state where source_partition = any('{1,2}')",
      ),
      "ok",
    );
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

Deno.test("roles: the detector writes alerts and their history, but no acknowledgement and no deletes", async () => {
  await asRole("detector", async (sql) => {
    assert.equal(await attempt(sql, ALERT_UPSERT), "ok");
    assert.equal(await attempt(sql, `${ALERT}; ${ALERT_UPSERT}`), "ok", "the upsert updates");
    assert.equal(await attempt(sql, `${ALERT}; ${TRANSITION}`), "ok");
    // Replays are no-ops, and the detector learns which transitions were new: it may read
    // the history's key, not what a transition says.
    assert.equal(
      await attempt(
        sql,
        `${ALERT}; ${TRANSITION}; ${TRANSITION} on conflict (alert_id, seq) do nothing
        returning alert_id, seq`,
      ),
      "ok",
    );
    assert.equal(await attempt(sql, "select alert_id, seq from alert_transitions limit 1"), "ok");
    assert.equal(await attempt(sql, "select reason from alert_transitions limit 1"), DENIED);
    assert.equal(
      await attempt(
        sql,
        `${ALERT}; update alerts set status = 'firing', fired_at = now(), last_seq = 2
        where alert_id = '${ALERT_ID}'`,
      ),
      "ok",
    );
    assert.equal(
      await attempt(sql, `${ALERT}; ${ACK}`),
      DENIED,
      "acknowledging is the dashboard's",
    );
    assert.equal(
      await attempt(sql, `${ALERT}; update alerts set opened_at = now()`),
      DENIED,
      "an alert's identity is fixed",
    );
    assert.equal(await attempt(sql, "delete from alerts"), DENIED);
    assert.equal(await attempt(sql, "select * from alert_transitions"), DENIED);
    assert.equal(await attempt(sql, "update alert_transitions set reason = 'x'"), DENIED);
    assert.equal(await attempt(sql, "delete from alert_transitions"), DENIED);
    assert.equal(await attempt(sql, "select alerts_delete_resolved(now())"), DENIED);
  });
});

Deno.test("roles: the dashboard role only reads the pipeline's tables", async () => {
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

Deno.test("roles: the dashboard reads alerts and may only record an acknowledgement", async () => {
  // An alert to acknowledge, committed by the migrator and removed at the end.
  const owner = createSql(config.database, { max: 1 });
  const id = crypto.randomUUID();
  try {
    await owner.unsafe(ALERT.replace(`'${ALERT_ID}', 'it-roles'`, `'${id}', 'it-roles-${id}'`));
    await asRole("dashboard", async (sql) => {
      assert.equal(await attempt(sql, "select * from alerts limit 1"), "ok");
      assert.equal(await attempt(sql, "select * from alert_transitions limit 1"), "ok");
      assert.equal(await attempt(sql, ACK.replaceAll(ALERT_ID, id)), "ok");
      for (
        const statement of [
          `update alerts set status = 'resolved', resolved_at = now() where alert_id = '${id}'`,
          `update alerts set updated_at = now() where alert_id = '${id}'`,
          `update alerts set reason = 'x' where alert_id = '${id}'`,
          `delete from alerts where alert_id = '${id}'`,
          ALERT,
          TRANSITION,
          "update alert_transitions set reason = 'x'",
          "select alerts_delete_resolved(now())",
          "update detector_state set alert_state = null",
        ]
      ) assert.equal(await attempt(sql, statement), DENIED, statement);
    });
  } finally {
    await owner`delete from alerts where alert_id = ${id}`;
    await owner.end({ timeout: 5 });
  }
});

Deno.test("roles: the maintainer deletes resolved alerts only through the retention function", async () => {
  await asRole("maintainer", async (sql) => {
    assert.equal(
      await attempt(sql, "select alerts_delete_resolved(now() - interval '10 years')"),
      "ok",
    );
    assert.equal(await attempt(sql, "delete from alerts"), DENIED);
    assert.equal(await attempt(sql, "select * from alerts limit 1"), DENIED);
    assert.equal(await attempt(sql, "delete from alert_transitions"), DENIED);
  });
  await asRole("writer", async (sql) => {
    assert.equal(await attempt(sql, "select * from alerts limit 1"), DENIED);
    assert.equal(await attempt(sql, ALERT), DENIED);
    assert.equal(await attempt(sql, "select alerts_delete_resolved(now())"), DENIED);
  });
});
