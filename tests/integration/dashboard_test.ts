/**
 * The dashboard against the real test database and broker: rows of customers and routed
 * records of its own (unique names), topics and consumer groups of its own, read back
 * through every API endpoint — in-process with the app's real sources and a pinned clock
 * (three days back, so no other test's rows fall into its windows) — and once more as the
 * real `deno task dashboard` process with its narrow permissions and a token. Alerts of
 * its own customers are listed and acknowledged through the one write the role may make.
 */
import { recomputeRollups } from "../../services/maintainer/rollups.ts";
import assert from "node:assert/strict";
import { asServiceRole } from "../../shared/config/mod.ts";
import { createSql, type Sql } from "../../shared/db/mod.ts";
import {
  type Admin,
  connectAdmin,
  connectPublisher,
  createKafka,
  type Publisher,
} from "../../shared/kafka/mod.ts";
import { createIsolatedPipeline } from "../../scripts/chaos/isolated_pipeline.ts";
import { eventually, freePort, startService } from "../../scripts/chaos/processes.ts";
import { createApp, type DashboardApp } from "../../services/dashboard/app.ts";
import { createKafkaReader } from "../../services/dashboard/kafka_reader.ts";
import { readOnlySession } from "../../services/dashboard/queries.ts";
import { createSources } from "../../services/dashboard/sources.ts";
import { loadStaticAssets } from "../../services/dashboard/static_assets.ts";
import { stackEnv, testConfig, uniqueName } from "../_support/env.ts";

const config = testConfig();
const TOKEN = "it-dashboard-token-0123456789";
const MINUTE = 60_000;
/** The pinned "now": half past a minute, three days ago. */
const T = new Date(Math.floor((Date.now() - 3 * 86_400_000) / MINUTE) * MINUTE + 30_000);
const at = (offsetMs: number) => new Date(T.getTime() + offsetMs);

/** Everything one run creates, and how to remove it. */
interface Fixture {
  readonly id: string;
  readonly customers: { a: string; b: string };
  readonly topics: { raw: string; invalid: string; anomaly: string; dlq: string; alerts: string };
  readonly groups: { writer: string; detector: string };
  readonly ends: number[];
  readonly anomalyIds: { high: string; low: string; spike: string };
  readonly alertIds: { firing: string; resolved: string; pending: string };
  readonly admin: Admin;
  readonly sql: Sql;
  close(): Promise<void>;
}

async function createFixture(): Promise<Fixture> {
  const id = uniqueName("itdash").replace("_", "-");
  const kafka = createKafka(config.kafka);
  const admin = await connectAdmin(kafka, config.kafka);
  const { topics, groups } = await createIsolatedPipeline(admin, id, config, { raw: 2, others: 1 });
  const publisher: Publisher = await connectPublisher(kafka);
  await publisher.publish(
    topics.raw,
    ["k1", "k2", "k3", "k4", "k5"].map((key) => ({ key, value: "{}" })),
  );
  await publisher.disconnect();
  const ends = (await admin.fetchTopicOffsets(topics.raw))
    .sort((x, y) => x.partition - y.partition).map((o) => Number(o.high));

  const sql = createSql(config.database, { max: 2 }); // the migrator: may write and delete
  const customers = { a: `${id}-a`, b: `${id}-b` };
  const readings: [string, Date, number][] = [
    ...Array.from(
      { length: 10 },
      (_, i) => [customers.a, at(-(i + 1) * MINUTE), 71 + i] as [string, Date, number],
    ),
    [customers.a, at(-3 * MINUTE + 10_000), 150],
    [customers.a, at(-5 * MINUTE + 10_000), 40],
    [customers.b, at(-2 * MINUTE), 80],
    [customers.b, at(-2 * MINUTE + 20_000), 120],
  ];
  const rows = readings.map(([customer_id, event_time, heart_rate], n) => ({
    customer_id,
    event_id: crypto.randomUUID(),
    event_time,
    heart_rate,
    source_topic: topics.raw,
    source_partition: 0,
    source_offset: n,
  }));
  await sql`insert into heartbeat_events ${sql(rows)}`;
  // What the writer and the maintainer do: mark the minutes, recompute their rollups (which
  // the per-minute and 5-minute panels read). Again after deleting the rows at the end.
  const refreshRollups = async () => {
    await sql`
      insert into heartbeat_rollup_pending (minute, source_partition)
      select distinct date_trunc('minute', t), 0
      from unnest(${sql.array(rows.map((r) => r.event_time.toISOString()))}::timestamptz[]) t
      on conflict (minute, source_partition) do update
        set version = heartbeat_rollup_pending.version + 1`;
    await recomputeRollups(sql, 100_000);
  };
  await refreshRollups();
  const anomalyIds = {
    high: crypto.randomUUID(),
    low: crypto.randomUUID(),
    spike: crypto.randomUUID(),
  };
  const anomalies: [string, string, Date, number, string, string, number, number | null][] = [
    [
      anomalyIds.high,
      customers.a,
      at(-3 * MINUTE + 10_000),
      150,
      "HIGH_HEART_RATE",
      "high",
      140,
      null,
    ],
    [anomalyIds.low, customers.a, at(-5 * MINUTE + 10_000), 40, "LOW_HEART_RATE", "high", 50, null],
    [anomalyIds.spike, customers.b, at(-2 * MINUTE + 20_000), 120, "SPIKE", "medium", 30, 80],
  ];
  for (const [anomalyId, customer, time, rate, type, severity, threshold, previous] of anomalies) {
    await sql`
      insert into anomalies (anomaly_id, event_id, customer_id, event_time, heart_rate,
        anomaly_type, severity, threshold, previous_heart_rate, detected_at)
      values (${anomalyId}, gen_random_uuid(), ${customer}, ${time}, ${rate}, ${type},
        ${severity}, ${threshold}, ${previous}, ${time})`;
  }
  await sql`
    insert into routed_records (consumer_group, source_topic, source_partition, source_offset,
      destination, reason_code, message, customer_id, attempts, routed_at)
    values
      (${groups.writer}, ${topics.raw}, 0, 1, 'invalid', 'HEART_RATE_OUT_OF_RANGE',
       'heart_rate 900 is outside 20..250', ${customers.a}, 1, ${at(-30_000)}),
      (${groups.writer}, ${topics.raw}, 1, 2, 'dlq', '22021', 'invalid byte sequence', null, 3,
       ${at(-2 * MINUTE)})`;
  // Alerts as the detector leaves them: A's HIGH firing (two transitions), A's LOW resolved,
  // B's SPIKE pending.
  const alertIds = {
    firing: crypto.randomUUID(),
    resolved: crypto.randomUUID(),
    pending: crypto.randomUUID(),
  };
  await sql`
    insert into alerts (alert_id, customer_id, rule, priority, status, opened_at, fired_at,
      resolved_at, last_seq, value, threshold, reason, updated_at)
    values
      (${alertIds.firing}, ${customers.a}, 'HIGH', 'high', 'firing', ${at(-3 * MINUTE)},
       ${at(-3 * MINUTE + 10_000)}, null, 2, 150, 140, 'heart rate >= 140 bpm', ${at(-MINUTE)}),
      (${alertIds.resolved}, ${customers.a}, 'LOW', 'high', 'resolved', ${at(-5 * MINUTE)},
       ${at(-5 * MINUTE + 10_000)}, ${at(-4 * MINUTE)}, 3, 40, 50, 'heart rate <= 50 bpm',
       ${at(-4 * MINUTE)}),
      (${alertIds.pending}, ${customers.b}, 'SPIKE', 'medium', 'pending', ${at(-2 * MINUTE)},
       null, null, 1, 40, 30, 'jump of 40 bpm', ${at(-2 * MINUTE)})`;
  await sql`
    insert into alert_transitions (alert_id, seq, customer_id, rule, priority, from_status,
      to_status, flapping, value, threshold, reason, opened_at, at, detected_at)
    values
      (${alertIds.firing}, 1, ${customers.a}, 'HIGH', 'high', null, 'pending', false, 150, 140,
       'r', ${at(-3 * MINUTE)}, ${at(-3 * MINUTE)}, ${at(-3 * MINUTE)}),
      (${alertIds.firing}, 2, ${customers.a}, 'HIGH', 'high', 'pending', 'firing', false, 150,
       140, 'r', ${at(-3 * MINUTE)}, ${at(-3 * MINUTE + 10_000)}, ${at(-3 * MINUTE + 10_000)})`;
  // The writer has stored all of partition 0 and nothing of partition 1; the detector has
  // a row for both partitions at offset 0.
  await sql`
    insert into ingest_checkpoint (consumer_group, topic, partition, next_offset)
    values (${groups.writer}, ${topics.raw}, 0, ${ends[0]!}),
           (${groups.detector}, ${topics.raw}, 0, 0), (${groups.detector}, ${topics.raw}, 1, 0)`;
  return {
    id,
    customers,
    topics,
    groups,
    ends,
    anomalyIds,
    alertIds,
    admin,
    sql,
    async close() {
      const ids = Object.values(customers);
      await sql`delete from alerts where customer_id = any(${sql.array(ids)}::text[])`;
      await sql`delete from heartbeat_events where customer_id = any(${sql.array(ids)}::text[])`;
      await refreshRollups();
      await sql`delete from anomalies where customer_id = any(${sql.array(ids)}::text[])`;
      await sql`delete from routed_records where consumer_group = ${groups.writer}`;
      await sql`delete from ingest_checkpoint where topic = ${topics.raw}`;
      await sql.end({ timeout: 5 });
      await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => {});
      await admin.disconnect();
    },
  };
}

/** The app with the real sources (dashboard role, read-only session) and the pinned clock. */
async function withApp(
  fixture: Fixture,
  run: (app: DashboardApp, dashboardSql: Sql) => Promise<void>,
): Promise<void> {
  const sql = createSql(readOnlySession(asServiceRole(config.database, "dashboard")), { max: 4 });
  const app = createApp({
    sources: createSources({
      sql,
      kafka: createKafkaReader(fixture.admin, config.kafka.brokers),
      topics: fixture.topics,
      groups: fixture.groups,
      now: () => T,
    }),
    assets: await loadStaticAssets(new URL("../../services/dashboard/static/", import.meta.url)),
    token: TOKEN,
  });
  try {
    await run(app, sql);
  } finally {
    app.close();
    await sql.end({ timeout: 5 });
  }
}

const auth = { authorization: `Bearer ${TOKEN}` };
async function getJson(app: DashboardApp, path: string, status = 200) {
  const response = await app.fetch(new Request(`http://dashboard${path}`, { headers: auth }));
  const body = await response.json();
  assert.equal(response.status, status, `${path}: ${JSON.stringify(body)}`);
  return body;
}

Deno.test("dashboard: every endpoint reads the right rows through the read-only role", async () => {
  const fixture = await createFixture();
  const { customers: c, groups, topics, ends, anomalyIds, alertIds } = fixture;
  try {
    await withApp(fixture, async (app, dashboardSql) => {
      // The session the queries run in: read-only, with a statement time limit.
      const [session] = await dashboardSql<{ who: string; ro: string; timeout: string }[]>`
        select current_user as who, current_setting('default_transaction_read_only') as ro,
          current_setting('statement_timeout') as timeout`;
      assert.deepEqual(session, { who: "heartbeat_dashboard", ro: "on", timeout: "5s" });

      // Overview: the seven panels and the pipeline's health.
      const overview = await getJson(app, "/api/overview?minutes=15");
      assert.equal(overview.generatedAt, T.toISOString());
      assert.equal(overview.heartbeatsPerMinute.length, 15);
      const minuteOf = (offset: number) =>
        new Date(Math.floor(at(offset).getTime() / MINUTE) * MINUTE).toISOString();
      const perMinute = Object.fromEntries(
        overview.heartbeatsPerMinute.map((
          m: { minute: string; count: number },
        ) => [m.minute, m.count]),
      );
      assert.equal(perMinute[minuteOf(-2 * MINUTE)], 3);
      assert.equal(perMinute[minuteOf(-3 * MINUTE)], 2);
      assert.equal(perMinute[minuteOf(-7 * MINUTE)], 1);
      assert.equal(perMinute[minuteOf(0)], 0, "the current minute: nothing yet");
      assert.equal(Object.values(perMinute).reduce((s: number, n) => s + (n as number), 0), 14);
      const spikeMinute = overview.anomaliesPerMinute.find((m: { minute: string }) =>
        m.minute === minuteOf(-2 * MINUTE)
      );
      assert.deepEqual(spikeMinute, {
        minute: minuteOf(-2 * MINUTE),
        total: 1,
        LOW_HEART_RATE: 0,
        HIGH_HEART_RATE: 0,
        SPIKE: 1,
      });
      assert.deepEqual(overview.anomalyBreakdown, [
        { type: "LOW_HEART_RATE", count: 1 },
        { type: "HIGH_HEART_RATE", count: 1 },
        { type: "SPIKE", count: 1 },
      ]);
      // Last 5 minutes: A's readings 1..5 minutes back, 150 and 40, and B's 80 and 120.
      const five = [71, 72, 73, 74, 75, 150, 40, 80, 120].sort((x, y) => x - y);
      const rank = 0.95 * (five.length - 1);
      const p95 = five[Math.floor(rank)]! +
        (rank - Math.floor(rank)) * (five[Math.ceil(rank)]! - five[Math.floor(rank)]!);
      assert.equal(overview.lastFiveMinutes.readings, 9);
      assert.equal(overview.lastFiveMinutes.activeCustomers, 2);
      assert.ok(Math.abs(overview.lastFiveMinutes.average - 755 / 9) < 1e-9);
      assert.ok(Math.abs(overview.lastFiveMinutes.p95 - p95) < 1e-9);
      assert.deepEqual(
        overview.recentAnomalies.map((a: { anomalyId: string }) => a.anomalyId),
        [anomalyIds.spike, anomalyIds.high, anomalyIds.low],
      );
      assert.deepEqual(overview.health.invalid, { lastMinute: 1, lastFiveMinutes: 1, lastHour: 1 });
      assert.deepEqual(overview.health.dlq, { lastMinute: 0, lastFiveMinutes: 1, lastHour: 1 });
      assert.equal(overview.health.storedPerSecond, Math.round((1 / 60) * 10) / 10);
      assert.deepEqual(overview.health.lag, { writer: ends[1], detector: ends[0]! + ends[1]! });
      assert.deepEqual(overview.health.kafka, { ok: true, detail: "" });

      // Customer search and view.
      assert.deepEqual(
        (await getJson(app, `/api/customers?q=${fixture.id}-`)).customers,
        [c.a, c.b],
      );
      assert.deepEqual((await getJson(app, `/api/customers?q=${c.b}`)).customers, [c.b]);
      const view = await getJson(app, `/api/customers/${c.a}?minutes=30`);
      assert.deepEqual(view.latest, { eventTime: at(-MINUTE).toISOString(), heartRate: 71 });
      assert.equal(view.readings.length, 12);
      assert.equal(view.readings[0].eventTime, at(-10 * MINUTE).toISOString(), "oldest first");
      assert.equal(view.readingsTruncated, false);
      assert.deepEqual(view.anomalies.map((a: { type: string }) => a.type), [
        "HIGH_HEART_RATE",
        "LOW_HEART_RATE",
      ]);
      assert.equal(view.recentAnomalies.length, 2);
      const narrow = await getJson(app, `/api/customers/${c.a}?minutes=4`);
      assert.equal(narrow.readings.length, 5, "4 minutes back: 1..4 minutes and the 150");
      assert.deepEqual(narrow.anomalies.map((a: { type: string }) => a.type), ["HIGH_HEART_RATE"]);
      assert.match(
        (await getJson(app, `/api/customers/${fixture.id}-nobody`, 404)).error.message,
        /No readings are stored/,
      );

      // The anomalies feed: filters and paging.
      const spike = await getJson(app, `/api/anomalies?type=SPIKE&customer=${c.b}`);
      assert.deepEqual(spike.anomalies.map((a: { anomalyId: string }) => a.anomalyId), [
        anomalyIds.spike,
      ]);
      assert.equal(spike.anomalies[0].previousHeartRate, 80);
      assert.equal(spike.nextCursor, null);
      const page1 = await getJson(app, `/api/anomalies?customer=${c.a}&limit=1`);
      assert.deepEqual(page1.anomalies.map((a: { anomalyId: string }) => a.anomalyId), [
        anomalyIds.high,
      ]);
      const page2 = await getJson(
        app,
        `/api/anomalies?customer=${c.a}&limit=1&before=${page1.nextCursor}`,
      );
      assert.deepEqual(page2.anomalies.map((a: { anomalyId: string }) => a.anomalyId), [
        anomalyIds.low,
      ]);
      assert.equal(page2.nextCursor, null);
      const bySeverity = await getJson(app, `/api/anomalies?severity=medium&customer=${c.a}`);
      assert.deepEqual(bySeverity.anomalies, []);
      assert.deepEqual(
        (await getJson(app, `/api/anomalies?customer=${c.a}&minutes=1`)).anomalies,
        [],
        "the window bounds the feed",
      );

      // Invalid and dead-lettered records.
      const routed = await getJson(app, "/api/routed");
      assert.deepEqual(
        routed.records.map((
          r: { destination: string; reasonCode: string },
        ) => [r.destination, r.reasonCode]),
        [["invalid", "HEART_RATE_OUT_OF_RANGE"], ["dlq", "22021"]],
      );
      assert.equal(routed.records[0].sourceTopic, topics.raw);
      assert.equal(routed.records[1].attempts, 3);
      assert.equal((await getJson(app, "/api/routed?destination=dlq")).records.length, 1);
      assert.equal(
        (await getJson(app, "/api/routed?reason=22021&destination=invalid")).records.length,
        0,
      );
      assert.equal((await getJson(app, `/api/routed?customer=${c.a}`)).records.length, 1);

      // Alerts: open by default, newest first; status, rule and customer filters.
      const alertIdsOf = async (query: string) =>
        (await getJson(app, `/api/alerts?${query}`)).alerts.map((a: { alertId: string }) =>
          a.alertId
        );
      assert.deepEqual(await alertIdsOf(`customer=${c.a}`), [alertIds.firing]);
      assert.deepEqual(await alertIdsOf(`customer=${c.a}&status=all`), [
        alertIds.firing,
        alertIds.resolved,
      ]);
      assert.deepEqual(await alertIdsOf(`customer=${c.a}&status=resolved`), [alertIds.resolved]);
      assert.deepEqual(await alertIdsOf(`customer=${c.b}&rule=SPIKE`), [alertIds.pending]);
      assert.deepEqual(await alertIdsOf(`customer=${c.b}&rule=HIGH`), []);
      const open = (await getJson(app, "/api/alerts?limit=200")).alerts as {
        alertId: string;
        status: string;
        openedAt: string;
      }[];
      assert.ok(open.every((a) => a.status !== "resolved"), "open: pending or firing only");
      assert.deepEqual(
        open.map((a) => a.openedAt),
        open.map((a) => a.openedAt).sort().reverse(),
        "newest first",
      );
      const [firing] = (await getJson(app, `/api/alerts?customer=${c.a}`)).alerts;
      assert.deepEqual(firing, {
        alertId: alertIds.firing,
        customerId: c.a,
        rule: "HIGH",
        priority: "high",
        status: "firing",
        flapping: false,
        openedAt: at(-3 * MINUTE).toISOString(),
        firedAt: at(-3 * MINUTE + 10_000).toISOString(),
        resolvedAt: null,
        lastSeq: 2,
        value: 150,
        threshold: 140,
        reason: "heart rate >= 140 bpm",
        updatedAt: at(-MINUTE).toISOString(),
        acknowledgedBy: null,
        acknowledgedAt: null,
        ackNote: null,
      });

      // Acknowledging: the one write, in a read-write transaction of its own.
      const ack = (id: string, body: unknown, headers: Record<string, string> = auth) =>
        app.fetch(
          new Request(`http://dashboard/api/alerts/${id}/ack`, {
            method: "POST",
            headers: { ...headers, "content-type": "application/json" },
            body: JSON.stringify(body),
          }),
        );
      const refused = await ack(alertIds.firing, { by: "it" }, {});
      assert.equal(refused.status, 401);
      await refused.body?.cancel();
      const acked = await ack(alertIds.firing, { by: "dr. it", note: "called, fine" });
      assert.equal(acked.status, 200);
      const ackedAlert = (await acked.json()).alert;
      assert.deepEqual(
        [ackedAlert.acknowledgedBy, ackedAlert.acknowledgedAt, ackedAlert.ackNote],
        ["dr. it", T.toISOString(), "called, fine"],
      );
      assert.equal(ackedAlert.updatedAt, at(-MINUTE).toISOString(), "the detector's column");
      const again = await ack(alertIds.firing, { by: "someone else" });
      assert.equal(again.status, 409);
      assert.match((await again.json()).error.message, /acknowledged already, by "dr\. it"/);
      const unknown = await ack(crypto.randomUUID(), { by: "it" });
      assert.equal(unknown.status, 404);
      await unknown.body?.cancel();
      const badBody = await ack(alertIds.pending, { who: "it" });
      assert.equal(badBody.status, 400);
      assert.equal((await badBody.json()).error.code, "INVALID_BODY");
      const [stored] = await fixture.sql`
        select acknowledged_by, acknowledged_at, ack_note, status from alerts
        where alert_id = ${alertIds.firing}`;
      assert.deepEqual({ ...stored }, {
        acknowledged_by: "dr. it",
        acknowledged_at: T,
        ack_note: "called, fine",
        status: "firing",
      });
      assert.equal(
        (await getJson(app, `/api/alerts?customer=${c.a}`)).alerts[0].acknowledgedBy,
        "dr. it",
        "acknowledged alerts stay listed while open",
      );
      // The role's limits, in the dashboard's own read-only sessions: nothing but the three
      // acknowledgement columns, and those only in an explicit read-write transaction.
      const sqlstate = (run: () => Promise<unknown>) =>
        run().then(() => "ok", (e: { code?: string }) => e.code);
      assert.equal(
        await sqlstate(() =>
          dashboardSql`update alerts set ack_note = 'x' where alert_id = ${alertIds.pending}`
        ),
        "25006",
        "read-only session",
      );
      for (
        const write of [
          `update alerts set status = 'resolved', resolved_at = now() where alert_id = '${alertIds.pending}'`,
          `delete from alerts where alert_id = '${alertIds.pending}'`,
          `insert into alert_transitions select * from alert_transitions limit 0`,
          `update detector_state set alert_state = null where false`,
        ]
      ) {
        assert.equal(
          await sqlstate(() => dashboardSql.begin("read write", (tx) => tx.unsafe(write))),
          "42501",
          write,
        );
      }

      // The pipeline view: topics, both groups' lag per partition, routing counts.
      const pipeline = await getJson(app, "/api/pipeline");
      assert.deepEqual(
        pipeline.topics.map((
          t: { role: string; name: string; exists: boolean; partitions: unknown[] },
        ) => [
          t.role,
          t.name,
          t.exists,
          t.partitions.length,
        ]),
        [
          ["raw", topics.raw, true, 2],
          ["invalid", topics.invalid, true, 1],
          ["anomaly", topics.anomaly, true, 1],
          ["dlq", topics.dlq, true, 1],
          ["alerts", topics.alerts, true, 1],
        ],
      );
      assert.equal(pipeline.topics[0].records, 5);
      const [writer, detector] = pipeline.groups;
      assert.equal(writer.group, groups.writer);
      assert.deepEqual(
        writer.partitions.map((
          p: { checkpoint: number | null; lag: number },
        ) => [p.checkpoint, p.lag]),
        [[ends[0], 0], [null, ends[1]]],
      );
      assert.equal(writer.totalLag, ends[1]);
      assert.equal(detector.totalLag, 5);
      assert.equal(detector.partitions[0].kafkaCommitted, null);
      assert.deepEqual(pipeline.routed.reasonsLastHour, [
        { destination: "dlq", reasonCode: "22021", count: 1 },
        { destination: "invalid", reasonCode: "HEART_RATE_OUT_OF_RANGE", count: 1 },
      ]);

      // The live stream: the same overview, as server-sent events.
      const stream = await app.fetch(
        new Request("http://dashboard/api/stream?minutes=15", { headers: auth }),
      );
      assert.equal(stream.status, 200);
      const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = "";
      while (!/event: overview\ndata: .*\n\n/.test(text)) text += (await reader.read()).value;
      const pushed = JSON.parse(/event: overview\ndata: (.*)\n\n/.exec(text)![1]!);
      assert.deepEqual(pushed.anomalyBreakdown, overview.anomalyBreakdown);
      await reader.cancel();

      // Bad input and a missing token are refused before any query.
      for (
        const path of [
          "/api/overview?minutes=0",
          "/api/customers?limit=500",
          "/api/customers/bad%20id",
          "/api/anomalies?type=NOPE",
          "/api/anomalies?before=yesterday",
          "/api/routed?destination=elsewhere",
          "/api/pipeline?all=1",
          "/api/alerts?status=closed",
          "/api/alerts?limit=0",
        ]
      ) {
        assert.equal((await getJson(app, path, 400)).error.code, "INVALID_PARAMS", path);
      }
      for (
        const path of [
          "/api/overview",
          "/api/pipeline",
          `/api/customers/${c.a}`,
          "/api/stream",
          "/api/alerts",
        ]
      ) {
        const refused = await app.fetch(new Request(`http://dashboard${path}`));
        assert.equal(refused.status, 401, path);
        await refused.body?.cancel();
      }
    });
  } finally {
    await fixture.close();
  }
});

Deno.test("dashboard: `deno task dashboard` serves the page, uPlot and the token-protected API", async () => {
  const id = uniqueName("itdashproc").replace("_", "-");
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const service = startService("dashboard", {
    ...stackEnv(),
    DASHBOARD_PORT: String(port),
    DASHBOARD_TOKEN: TOKEN,
    CONSUMER_GROUP_ID: `${id}-writer`,
    DETECTOR_GROUP_ID: `${id}-detector`,
  });
  try {
    await eventually(
      async () =>
        (await fetch(`${base}/livez`).then((r) => r.body?.cancel().then(() => r.ok)).catch(() =>
          false
        )) === true,
      30_000,
      () => `the dashboard did not answer /livez; its output:\n${service.lines.join("\n")}`,
    );
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script src="\/vendor\/uplot\/uPlot.iife.min.js"/);
    const uplot = await fetch(`${base}/vendor/uplot/uPlot.iife.min.js`);
    assert.equal(uplot.status, 200);
    assert.ok((await uplot.text()).length > 40_000, "the minified library, served locally");
    for (const file of ["app.js", "api.js", "style.css", "views/overview.js", "views/alerts.js"]) {
      const response = await fetch(`${base}/static/${file}`);
      assert.equal(response.status, 200, file);
      await response.body?.cancel();
    }

    const refused = await fetch(`${base}/api/overview`);
    assert.equal(refused.status, 401);
    assert.equal((await refused.json()).error.code, "UNAUTHORIZED");
    const overview = await fetch(`${base}/api/overview`, { headers: auth });
    assert.equal(overview.status, 200);
    assert.equal((await overview.json()).windowMinutes, 15);
    const health = await fetch(`${base}/healthz`);
    assert.deepEqual((await health.json()).status, "ok");

    // A live stream open while the service is stopped: SIGTERM still ends it cleanly.
    const stream = await fetch(`${base}/api/stream`, { headers: auth });
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("event: overview")) text += (await reader.read()).value;
    assert.equal(await service.stop(), 0, service.lines.join("\n"));
    while (!(await reader.read().catch(() => ({ done: true }))).done);
  } finally {
    await service.stop();
  }
});
