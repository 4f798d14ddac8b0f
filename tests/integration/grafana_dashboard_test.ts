/**
 * The Grafana dashboard, proved without a Grafana (none can run here). The first test
 * checks the provisioning against the dashboards and docker-compose.yml. The second runs a
 * short real pipeline (producer, consumer, detector and maintainer as processes, fresh
 * topics) with a private Prometheus scraping it, then runs every panel's query the way
 * Grafana would: each SQL target with its macros expanded for the panel's time range, as
 * the read-only role heartbeat_dashboard, and each PromQL target through Prometheus's HTTP
 * API. Every query must return data of the shape its panel draws ("No data" fails), and
 * the rollup panels must equal `shared/db/rollup_reads.ts` over the same window. Panels
 * and targets come from the JSON: a panel added without passing fails here.
 */
import assert from "node:assert/strict";
import { asServiceRole } from "../../shared/config/mod.ts";
import { ANOMALY_TYPES } from "../../shared/contract/mod.ts";
import {
  createSql,
  populationStats,
  readingsPerMinute,
  type TransactionSql,
} from "../../shared/db/mod.ts";
import {
  eventually,
  freePort,
  type ServiceProcess,
  startService,
} from "../../scripts/chaos/processes.ts";
import {
  type Dashboard,
  loadDashboards,
  overrideNames,
  type Panel,
  panelIntervalMs,
  panelRange,
  panelsOf,
  provisionedDatasources,
  type ResolvedTarget,
  targetsOf,
} from "../_support/grafana_dashboard.ts";
import { expandMacros, type TimeRange } from "../_support/grafana_macros.ts";
import { testConfig } from "../_support/env.ts";
import { createPipeline } from "../_support/pipeline.ts";
import { type PrivatePrometheus, startPrivatePrometheus } from "../_support/private_prometheus.ts";

const DASHBOARDS = "monitoring/grafana/dashboards";
const PROVISIONING = "monitoring/grafana/provisioning";
const SQL_SOURCE = "grafana-postgresql-datasource";
const PROMETHEUS_SOURCE = "prometheus";
/** The seed dashboard's seven panels (issue #7); the first, fourth to sixth read rollups. */
const SEED_PANELS = [
  "Heartbeats Ingested per Minute",
  "Anomalies per Minute",
  "Anomaly Breakdown by Type",
  "Average Heart Rate (5 min)",
  "p95 Heart Rate (5 min)",
  "Active Customers (5 min)",
  "Recent Anomalies (last 20)",
];
const ROLLUP_PANELS = new Set([SEED_PANELS[0], SEED_PANELS[3], SEED_PANELS[4], SEED_PANELS[5]]);

// PostgreSQL type oids of what panels may draw.
const NUMERIC = new Set([20, 21, 23, 700, 701, 1700]);
const TEMPORAL = new Set([1082, 1114, 1184]);
const TEXT = new Set([19, 25, 1042, 1043]);

async function readText(dir: string): Promise<string[]> {
  const texts: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && /\.ya?ml$/.test(entry.name)) {
      texts.push(await Deno.readTextFile(`${dir}/${entry.name}`));
    }
  }
  return texts;
}

async function allTargets(): Promise<{ dashboard: Dashboard; targets: ResolvedTarget[] }[]> {
  const dashboards = await loadDashboards(DASHBOARDS);
  assert.ok(dashboards.size > 0, `no dashboard JSON in ${DASHBOARDS}`);
  return [...dashboards.values()].map((dashboard) => ({
    dashboard,
    targets: targetsOf(dashboard),
  }));
}

Deno.test("grafana provisioning: data sources, provider, compose mount and dashboards agree", async () => {
  const [sources] = await readText(`${PROVISIONING}/datasources`);
  const [provider] = await readText(`${PROVISIONING}/dashboards`);
  assert.ok(sources && provider, "one data source and one dashboard provisioning file");
  const declared = provisionedDatasources(sources);
  const postgres = declared.find((d) => d.type === SQL_SOURCE);
  assert.ok(postgres?.uid && declared.some((d) => d.type === PROMETHEUS_SOURCE && d.uid));
  assert.match(sources, /^ {4}url: postgres:5432$/m);
  assert.match(sources, /^ {4}user: heartbeat_dashboard$/m, "the read-only role");
  assert.match(sources, /^ {6}database: heartbeat$/m);
  assert.match(sources, /^ {6}sslmode: disable$/m);
  assert.match(sources, /^ {6}password: \$\{DB_DASHBOARD_PASSWORD\}$/m, "password from the env");
  assert.match(sources, /^ {4}url: http:\/\/prometheus:9090$/m);

  const compose = await Deno.readTextFile("docker-compose.yml");
  const grafana = compose.slice(compose.indexOf("\n  grafana:"), compose.indexOf("\n  kafka-ui:"));
  const path = /^ {6}path: (\S+)$/m.exec(provider)?.[1];
  assert.ok(path, "the file provider's path");
  assert.ok(grafana.includes(`- ./monitoring/grafana/dashboards:${path}:ro`), grafana);
  assert.ok(grafana.includes("- ./monitoring/grafana/provisioning:/etc/grafana/provisioning:ro"));
  assert.match(grafana, /DB_DASHBOARD_PASSWORD: \$\{DB_DASHBOARD_PASSWORD:-/, "passed to Grafana");

  const titles: string[] = [];
  const uids = new Set<string>();
  for (const { dashboard, targets } of await allTargets()) {
    assert.match(dashboard.uid, /^[A-Za-z0-9_-]{1,40}$/, "a stable uid");
    assert.ok(!uids.has(dashboard.uid), `duplicate uid ${dashboard.uid}`);
    uids.add(dashboard.uid);
    assert.equal(dashboard.refresh, "10s");
    assert.deepEqual(dashboard.time, { from: "now-1h", to: "now" });
    assert.ok(dashboard.schemaVersion >= 39, "Grafana 11 schema");
    assert.deepEqual(dashboard.templating?.list ?? [], [], "no variables: none is expanded here");
    const ids = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, "panel ids are unique");
    for (const panel of panelsOf(dashboard)) {
      titles.push(panel.title);
      assert.ok((panel.targets ?? []).length > 0, `"${panel.title}" has no query`);
      // A Prometheus series is named by its legend: an override must name one of them
      // (SQL panels' overrides are checked against the columns returned, below).
      const legends = (panel.targets ?? []).map((t) => t.legendFormat).filter((l) => l);
      if (legends.length > 0) {
        for (const name of overrideNames(panel)) {
          assert.ok(legends.includes(name), `"${panel.title}": override of unknown "${name}"`);
        }
      }
    }
    const now = new Date();
    for (const { panel, target, datasource } of targets) {
      const where = `"${panel.title}" ${target.refId}`;
      assert.ok(
        declared.some((d) => d.uid === datasource.uid && d.type === datasource.type),
        `${where}: data source ${datasource.uid} (${datasource.type}) is not provisioned`,
      );
      if (datasource.type === SQL_SOURCE) {
        assert.equal(target.rawQuery, true, `${where}: raw SQL`);
        assert.equal(target.editorMode, "code", `${where}: code editor`);
        assert.ok(["time_series", "table"].includes(target.format ?? ""), `${where}: format`);
        const range = panelRange(dashboard, panel, now);
        expandMacros(target.rawSql ?? "", { range, intervalMs: panelIntervalMs(panel, range) });
        assert.doesNotMatch(
          target.rawSql ?? "",
          /heartbeat_events/,
          `${where}: dashboards read rollups, never the raw readings`,
        );
        if (ROLLUP_PANELS.has(panel.title)) {
          assert.match(target.rawSql ?? "", /heartbeat_rollup_minute/, `${where}: a rollup`);
        }
      } else {
        assert.equal(datasource.type, PROMETHEUS_SOURCE, `${where}: unknown data source type`);
        assert.ok(target.expr?.trim(), `${where}: an expression`);
        assert.doesNotMatch(target.expr ?? "", /\$/, `${where}: no variables in PromQL`);
      }
    }
  }
  for (const title of SEED_PANELS) {
    assert.equal(titles.filter((t) => t === title).length, 1, `seed panel "${title}"`);
  }
});

/** A SQL target's answer: rows and each column's type oid. */
interface SqlAnswer {
  readonly rows: Record<string, unknown>[];
  readonly columns: { readonly name: string; readonly type: number }[];
}

/** What is wrong with `answer` for the panel that draws it (empty: nothing). */
function sqlShapeProblems(panel: Panel, format: string, answer: SqlAnswer): string[] {
  const { rows, columns } = answer;
  if (rows.length === 0) return ["no rows: the panel would say No data"];
  const problems: string[] = [];
  const numeric = columns.filter((c) => NUMERIC.has(c.type) && c.name !== "time");
  const text = columns.filter((c) => TEXT.has(c.type));
  if (format === "time_series") {
    const time = columns.find((c) => c.name === "time");
    if (!time || !(TEMPORAL.has(time.type) || NUMERIC.has(time.type))) {
      problems.push(`no "time" column of a time or epoch type: ${JSON.stringify(columns)}`);
    } else {
      const times = rows.map((r) => epochMs(r.time));
      if (times.some((t, i) => i > 0 && t < times[i - 1]!)) problems.push("not sorted by time");
    }
    if (numeric.length === 0) problems.push("no numeric value column");
    if (columns.length !== 1 + numeric.length + text.length) {
      problems.push(`columns other than time, values and labels: ${JSON.stringify(columns)}`);
    }
  } else if (panel.type === "stat") {
    if (numeric.length === 0) problems.push("no numeric column");
    for (const c of numeric) {
      if (rows[0]![c.name] === null) problems.push(`${c.name} is null: the stat says No data`);
    }
  } else if (["piechart", "barchart", "bargauge"].includes(panel.type)) {
    if (text.length !== 1 || numeric.length === 0) {
      problems.push(`expected one category and numeric columns: ${JSON.stringify(columns)}`);
    }
  } else if (panel.type !== "table") {
    problems.push(`no expectation for a "${panel.type}" panel: add one to this test`);
  }
  // Field overrides must name a column, or a series or slice (a category value).
  const names = new Set([
    ...columns.map((c) => c.name),
    ...text.flatMap((c) => rows.map((r) => String(r[c.name]))),
  ]);
  for (const name of overrideNames(panel)) {
    if (!names.has(name)) {
      problems.push(`an override names "${name}", which the query does not return`);
    }
  }
  return problems;
}

function epochMs(value: unknown): number {
  return value instanceof Date ? value.getTime() : Number(value) * 1000;
}

/** The one numeric value of a single-value (stat) answer. */
function singleValue(answer: SqlAnswer): number {
  const [column] = answer.columns.filter((c) => NUMERIC.has(c.type));
  return Number(answer.rows[0]![column!.name]);
}

/**
 * The rollup panels against the project's own reads (`shared/db/rollup_reads.ts`), in the
 * same snapshot and window: Grafana must show exactly what the rollups hold.
 */
const REFERENCE_FIGURES: Record<
  string,
  (tx: TransactionSql, range: TimeRange, answer: SqlAnswer) => Promise<void>
> = {
  [SEED_PANELS[0]!]: async (tx, range, answer) => {
    const expected = await readingsPerMinute(tx, range.from, range.to);
    const [value] = answer.columns.filter((c) => NUMERIC.has(c.type) && c.name !== "time");
    assert.deepEqual(
      answer.rows.map((r) => [epochMs(r.time), Number(r[value!.name])]),
      expected.map((e) => [e.minute.getTime(), e.count]),
    );
  },
  [SEED_PANELS[2]!]: (_tx, _range, answer) => {
    const [category] = answer.columns.filter((c) => TEXT.has(c.type));
    const shown = new Set(answer.rows.map((r) => r[category!.name]));
    for (const type of ANOMALY_TYPES) assert.ok(shown.has(type), `breakdown shows ${type}`);
    return Promise.resolve();
  },
  [SEED_PANELS[3]!]: async (tx, range, answer) => {
    const { average } = await populationStats(tx, range.from, range.to);
    assertSame(singleValue(answer), average, "populationStats().average");
  },
  [SEED_PANELS[4]!]: async (tx, range, answer) => {
    const { p95 } = await populationStats(tx, range.from, range.to);
    assertSame(singleValue(answer), p95, "populationStats().p95");
  },
  [SEED_PANELS[5]!]: async (tx, range, answer) => {
    const { activeCustomers } = await populationStats(tx, range.from, range.to);
    assertSame(singleValue(answer), activeCustomers, "populationStats().activeCustomers");
  },
  [SEED_PANELS[6]!]: (_tx, _range, answer) => {
    assert.ok(answer.rows.length <= 20, `${answer.rows.length} rows`);
    return Promise.resolve();
  },
};

function assertSame(shown: number, expected: number | null, reference: string): void {
  assert.ok(
    expected !== null && Math.abs(shown - expected) < 1e-9,
    `the panel shows ${shown}, ${reference} over the same window is ${expected}`,
  );
}

/** What is wrong with a PromQL answer (empty: nothing). */
function promProblems(
  target: ResolvedTarget["target"],
  samples: { metric: Record<string, string>; value: string }[],
): string[] {
  if (samples.length === 0) return ["empty result: the panel would say No data"];
  const problems: string[] = [];
  for (const sample of samples) {
    if (!Number.isFinite(Number(sample.value))) {
      problems.push(`${JSON.stringify(sample.metric)} = ${sample.value}`);
    }
    for (const [, label] of (target.legendFormat ?? "").matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
      if (!(label! in sample.metric)) problems.push(`legend label ${label} missing`);
    }
  }
  return problems;
}

Deno.test("grafana dashboard: every panel's SQL and PromQL returns data from a real pipeline", async () => {
  const config = testConfig();
  const dashboards = await allTargets();
  const p = await createPipeline(4);
  const prefix = `${p.id}-`;
  const ports = {
    producer: freePort(),
    consumer: freePort(),
    detector: freePort(),
    maintainer: freePort(),
  };
  const own: ServiceProcess[] = [];
  const services: ServiceProcess[] = [];
  let prometheus: PrivatePrometheus | undefined;
  const reader = createSql(asServiceRole(config.database, "dashboard"), { max: 2 });
  const describe = () =>
    services.map((s) => `${s.name}: ${s.lines.slice(-3).join("\n  ").slice(0, 600)}`).join("\n");
  const alive = () => {
    const dead = services.find((s) => s.hasExited());
    if (dead) throw new Error(`${dead.name} exited:\n${dead.lines.slice(-10).join("\n")}`);
  };
  try {
    services.push(
      p.start("consumer", { CONSUMER_METRICS_PORT: String(ports.consumer) }),
      p.start("detector", { DETECTOR_METRICS_PORT: String(ports.detector) }),
    );
    own.push(
      startService("producer", {
        ...p.env,
        PRODUCER_METRICS_PORT: String(ports.producer),
        PRODUCER_CUSTOMERS: "40",
        PRODUCER_RATE: "200",
        PRODUCER_SEED: "7",
        PRODUCER_INVALID_RATE: "0.02",
        // Many episodes, so that all three rules fire within seconds.
        PRODUCER_EPISODE_MULTIPLIER: "100",
        PRODUCER_CUSTOMER_PREFIX: prefix,
      }),
      startService("maintainer", {
        DATABASE_URL: config.database.url,
        MAINTAINER_METRICS_PORT: String(ports.maintainer),
        ROLLUP_INTERVAL_S: "1",
      }),
    );
    services.push(...own);
    prometheus = await startPrivatePrometheus({
      "heartbeat-producer": ports.producer,
      "heartbeat-consumer": ports.consumer,
      "heartbeat-detector": ports.detector,
      "heartbeat-maintainer": ports.maintainer,
    });

    // This run's data is in: anomalies of every rule, and its customers in the rollups.
    let seen = { types: 0, customers: 0 };
    await eventually(
      async () => {
        alive();
        const [row] = await reader<{ types: number; customers: number }[]>`
        select
          (select count(distinct anomaly_type)::int from anomalies
           where starts_with(customer_id, ${prefix}) and event_time > now() - interval '1 hour') as types,
          (select count(distinct customer_id)::int from heartbeat_rollup_minute
           where starts_with(customer_id, ${prefix}) and minute > now() - interval '1 hour') as customers`;
        seen = row!;
        return seen.types === ANOMALY_TYPES.length && seen.customers > 0;
      },
      120_000,
      () => `${JSON.stringify(seen)}\n${describe()}`,
    );
    await prometheus.waitForTargets(30_000);

    // PromQL: every target, against what Prometheus scraped from the real services.
    const report: string[] = [];
    let promTargets = 0;
    let series = 0;
    const metricNames = new Set<string>();
    for (const { targets } of dashboards) {
      for (const { panel, target, datasource } of targets) {
        if (datasource.type !== PROMETHEUS_SOURCE) continue;
        const expr = target.expr!;
        let problems: string[] = [];
        let found = 0;
        await eventually(
          async () => {
            alive();
            const samples = await prometheus!.query(expr);
            problems = promProblems(target, samples);
            found = samples.length;
            return problems.length === 0;
          },
          45_000,
          () => `"${panel.title}" ${target.refId} ${expr}: ${problems.join("; ")}`,
        );
        promTargets++;
        series += found;
        report.push(`  PromQL "${panel.title}" ${target.refId}: ${found} series`);
        for (const [name] of expr.matchAll(/\bheartbeat_[a-z0-9_]+/g)) metricNames.add(name);
      }
    }
    // A fallback such as `or vector(0)` cannot hide a misspelt metric: each must exist.
    for (const name of metricNames) {
      assert.ok((await prometheus.query(`count(${name})`)).length > 0, `no series ${name}`);
    }

    // SQL: every target, as heartbeat_dashboard, in one read-only snapshot.
    let sqlTargets = 0;
    let rows = 0;
    const now = new Date();
    await reader.begin("isolation level repeatable read read only", async (tx) => {
      for (const { dashboard, targets } of dashboards) {
        for (const { panel, target, datasource } of targets) {
          if (datasource.type !== SQL_SOURCE) continue;
          const range = panelRange(dashboard, panel, now);
          const sql = expandMacros(target.rawSql!, {
            range,
            intervalMs: panelIntervalMs(panel, range),
          });
          // The dashboard's own SQL, as Grafana sends it: text by design (tests only).
          const result = await tx.unsafe(sql);
          const answer: SqlAnswer = {
            rows: [...result],
            columns: (result.columns ?? []).map((c) => ({ name: c.name, type: c.type })),
          };
          const problems = sqlShapeProblems(panel, target.format!, answer);
          assert.deepEqual(problems, [], `"${panel.title}" ${target.refId}:\n${sql}`);
          await REFERENCE_FIGURES[panel.title]?.(tx, range, answer);
          sqlTargets++;
          rows += answer.rows.length;
          report.push(`  SQL "${panel.title}" ${target.refId}: ${answer.rows.length} rows`);
        }
      }
    });

    const panels = dashboards.reduce((n, d) => n + panelsOf(d.dashboard).length, 0);
    const total = dashboards.reduce((n, d) => n + d.targets.length, 0);
    assert.equal(sqlTargets + promTargets, total, "every target was run");
    console.log(
      `grafana dashboard: ${panels} panels, ${sqlTargets} SQL targets (${rows} rows), ` +
        `${promTargets} PromQL targets (${series} series), ${metricNames.size} metric names\n` +
        report.join("\n"),
    );
  } finally {
    await Promise.all(own.map((s) => s.stop()));
    await prometheus?.stop();
    await p.close();
    await reader.end({ timeout: 5 });
  }
});
