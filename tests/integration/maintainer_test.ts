/**
 * `deno task maintainer` as a real process with its task's narrow permissions, against the
 * test stack's database: it reports healthy, recomputes the rollups of the minutes the
 * writer marks, meters its partitions, deletes resolved alerts past their retention (and
 * keeps open ones, however old), and stops cleanly on SIGTERM.
 */
import assert from "node:assert/strict";
import { asServiceRole } from "../../shared/config/mod.ts";
import { createSql } from "../../shared/db/mod.ts";
import { type EventRow, insertEvents, markRollupMinutes } from "../../services/consumer/store.ts";
import { eventually, freePort, startService } from "../../scripts/chaos/processes.ts";
import { testConfig, uniqueName } from "../_support/env.ts";

const config = testConfig();

Deno.test("maintainer: healthy, recomputes marked minutes, meters partitions, stops on SIGTERM", async () => {
  // Alerts of 100 days ago (ANOMALY_RETENTION_DAYS is 90): one resolved, one still open.
  const owner = createSql(config.database, { max: 1 });
  const alertCustomer = uniqueName("maint-alerts");
  const [expired, open] = [crypto.randomUUID(), crypto.randomUUID()];
  await owner`
    insert into alerts (alert_id, customer_id, rule, priority, status, opened_at, resolved_at,
      last_seq, reason)
    values
      (${expired}, ${alertCustomer}, 'LOW', 'high', 'resolved', now() - interval '100 days',
       now() - interval '99 days', 2, 'it'),
      (${open}, ${alertCustomer}, 'NO_DATA', 'high', 'pending', now() - interval '100 days', null,
       1, 'it')`;
  const port = freePort();
  const maintainer = startService("maintainer", {
    DATABASE_URL: config.database.url,
    MAINTAINER_METRICS_PORT: String(port),
    ROLLUP_INTERVAL_S: "1",
    LOG_LEVEL: "debug",
  });
  const writer = createSql(asServiceRole(config.database, "writer"), { max: 1 });
  const reader = createSql(asServiceRole(config.database, "dashboard"), { max: 1 });
  const customer = uniqueName("maint");
  try {
    const minute = Math.floor(Date.now() / 60_000) * 60_000 - 120_000;
    const rows: EventRow[] = [70, 90, 110].map((heartRate, i) => ({
      customerId: customer,
      eventId: crypto.randomUUID(),
      eventTime: new Date(minute + i * 10_000).toISOString(),
      heartRate,
      schemaVersion: 1,
      topic: "maintainer-test",
      partition: 0,
      offset: BigInt(i),
      deviceId: null,
      deviceModel: null,
      batteryPct: null,
    }));
    await writer.begin(async (tx) => {
      assert.equal(await insertEvents(tx, rows), 3);
      await markRollupMinutes(tx, 0, rows);
    });
    const describe = () => maintainer.lines.slice(-20).join("\n");
    let rollup: { readings: number; hr_min: number; hr_max: number; hr_sum: string }[] = [];
    await eventually(
      async () => {
        if (maintainer.hasExited()) throw new Error(`maintainer exited:\n${describe()}`);
        rollup = await reader`
        select readings, hr_min, hr_max, hr_sum::text from heartbeat_rollup_minute
        where customer_id = ${customer}` as typeof rollup;
        return rollup.length > 0;
      },
      30_000,
      describe,
    );
    assert.deepEqual([...rollup].map((r) => ({ ...r })), [
      { readings: 3, hr_min: 70, hr_max: 110, hr_sum: "270" },
    ]);

    // The pass that wrote the rollup marks the service healthy just after its commit.
    let health = "";
    await eventually(
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        health = `${response.status} ${await response.text()}`;
        return response.status === 200;
      },
      10_000,
      () => `last /healthz: ${health}\n${describe()}`,
    );
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    assert.match(metrics, /heartbeat_partitions\{[^}]*table="heartbeat_events"[^}]*\} [1-9]/);
    assert.match(metrics, /heartbeat_rollup_minutes_total\{[^}]*\} [1-9]/);
    assert.match(
      metrics,
      /heartbeat_maintenance_runs_total\{[^}]*task="partitions"[^}]*outcome="ok"/,
    );
    // The partition run that made it healthy also applied the alerts' retention.
    assert.deepEqual(
      (await owner`select alert_id from alerts where customer_id = ${alertCustomer}`)
        .map((r) => r.alert_id),
      [open],
    );
    assert.match(metrics, /heartbeat_alerts_deleted_total\{[^}]*\} [1-9]/);
  } finally {
    const code = await maintainer.stop();
    await owner`delete from alerts where customer_id = ${alertCustomer}`;
    await Promise.all([
      writer.end({ timeout: 5 }),
      reader.end({ timeout: 5 }),
      owner.end({ timeout: 5 }),
    ]);
    assert.equal(code, 0, maintainer.lines.slice(-20).join("\n"));
  }
});
