/**
 * Issue #7's acceptance test: the live dashboard in headless Chromium (Debian's package,
 * driven by playwright-core) against a real pipeline — producer, consumer, detector,
 * maintainer (rollups every second) and dashboard as real processes with their task flags,
 * on topics and groups of their own. It checks what a person sees: charts drawn, numbers
 * moving without a reload, the same numbers as the stream frame they came from and, once
 * the pipeline is drained, as the test's own SQL counts; a customer found by search, their
 * chart with the anomalies marked; the anomalies feed; the pipeline's five topics and two
 * groups. Screenshots of the four views go to docs/screenshots/ (overwritten each run).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { eventually, type ServiceProcess, startService } from "../../scripts/chaos/processes.ts";
import {
  canvasInk,
  launchChromium,
  type PageGlobals,
  tapOverviewFrames,
} from "../_support/browser.ts";
import { type OverviewSnapshot, readOverview, shownFor } from "../_support/overview_page.ts";
import { countOverview } from "../_support/overview_sql.ts";
import { createPipeline, type Pipeline } from "../_support/pipeline.ts";

const SCREENSHOTS = new URL("../../docs/screenshots/", import.meta.url);
const TYPES = ["LOW_HEART_RATE", "HIGH_HEART_RATE", "SPIKE"] as const;
/** The series colours of static/charts.js. */
const COLOUR = {
  readings: "#1f7a4d",
  LOW_HEART_RATE: "#2f6fdb",
  HIGH_HEART_RATE: "#dd3333",
  SPIKE: "#e08a00",
  marker: "#dd3333",
} as const;

/** The last lines of every service, for failure messages. */
function tails(services: readonly ServiceProcess[]): string {
  return services.flatMap((s) => s.lines.slice(-4).map((l) => `${s.name}: ${l.slice(0, 300)}`))
    .join("\n");
}

/** Throws at once when a service has ended (a wait on it would only time out). */
function running(services: readonly ServiceProcess[]): void {
  const ended = services.filter((s) => s.hasExited()).map((s) => s.name);
  if (ended.length > 0) throw new Error(`${ended.join(", ")} ended early:\n${tails(services)}`);
}

/**
 * `n` different free ports. `freePort()` one at a time may hand out the same port twice
 * when the first has not been bound yet; listening on all of them at once cannot.
 */
function distinctPorts(n: number): number[] {
  const listeners = Array.from(
    { length: n },
    () => Deno.listen({ hostname: "127.0.0.1", port: 0 }),
  );
  const ports = listeners.map((l) => (l.addr as Deno.NetAddr).port);
  for (const listener of listeners) listener.close();
  return ports;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await Deno.mkdir(SCREENSHOTS, { recursive: true });
  const path = decodeURIComponent(new URL(name, SCREENSHOTS).pathname);
  await page.screenshot({ path, fullPage: true });
}

/** Text of every cell in column `column` of the table `testid`'s body rows. */
async function column(page: Page, testid: string, column: number): Promise<string[]> {
  return await page.evaluate(({ testid, column }) => {
    const { document } = globalThis as unknown as PageGlobals;
    return Array.from(document.querySelectorAll(`[data-testid="${testid}"] > tbody > tr`))
      .filter((row) => row.querySelectorAll("td.empty").length === 0)
      .map((row) => row.querySelectorAll("td")[column]?.textContent ?? "");
  }, { testid, column });
}

/** Waits until both groups have stored everything on the raw topic and the rollups are current. */
async function drained(p: Pipeline): Promise<void> {
  const offsets = await p.admin.fetchTopicOffsets(p.topics.raw);
  const total = offsets.reduce((sum, o) => sum + Number(o.high), 0);
  await p.waitForCheckpoint(p.groups.writer, total, 20_000);
  await p.waitForCheckpoint(p.groups.detector, total, 20_000);
  const pending = async () =>
    (await p.sql<{ n: number }[]>`select count(*)::int as n from heartbeat_rollup_pending`)[0]!.n;
  await eventually(
    async () => (await pending()) === 0,
    15_000,
    async () => `${await pending()} rollup minutes still pending`,
  );
}

Deno.test("dashboard in Chromium: live charts agree with SQL, customer search marks anomalies, pipeline lists topics and groups", async () => {
  const browser = await launchChromium(); // fails here, before anything starts, without a browser
  const p = await createPipeline(4);
  const services: ServiceProcess[] = [];
  const start = (name: string, env: Record<string, string>, args: string[] = []) => {
    const service = startService(name, { ...p.env, ...env }, args);
    services.push(service);
    return service;
  };
  try {
    // --- the pipeline: 20 customers at 100 readings/s, episodes 1000× as often as usual
    // (every anomaly type within seconds), rollups every second.
    const prefix = `${p.id}-c`;
    const [port, ...metrics] = distinctPorts(5);
    const base = `http://127.0.0.1:${port}`;
    const producer = start("producer", {
      PRODUCER_METRICS_PORT: String(metrics[0]),
      PRODUCER_CUSTOMER_PREFIX: prefix,
      PRODUCER_EPISODE_MULTIPLIER: "1000",
    }, ["--customers", "20", "--rate", "100", "--seed", "7"]);
    services.push(
      p.start("consumer", { CONSUMER_METRICS_PORT: String(metrics[1]) }),
      p.start("detector", { DETECTOR_METRICS_PORT: String(metrics[2]) }),
    );
    start("maintainer", { MAINTAINER_METRICS_PORT: String(metrics[3]), ROLLUP_INTERVAL_S: "1" });
    start("dashboard", { DASHBOARD_PORT: String(port) });
    const healthy = () =>
      fetch(`${base}/healthz`).then(async (r) => (await r.body?.cancel(), r.ok), () => false);
    await eventually(
      () => (running(services), healthy()),
      30_000,
      () => `the dashboard is not healthy:\n${tails(services)}`,
    );

    const page = await (await browser.newContext({
      locale: "en-US",
      timezoneId: "UTC",
      viewport: { width: 1280, height: 900 },
    })).newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    let loads = 0;
    page.on("load", () => loads++);
    await tapOverviewFrames(page);
    await page.goto(`${base}/#/overview`);
    await page.evaluate(() => Object.assign(globalThis, { __sameDocument: true }));

    // --- overview, live: every anomaly type of our customers arrives, charts are drawn.
    const typesOfOurs = async () =>
      (await p.sql<{ type: string }[]>`
        select distinct anomaly_type as type from anomalies
        where starts_with(customer_id, ${prefix})`).map((r) => r.type);
    await eventually(
      async () => (running(services), (await typesOfOurs()).length === TYPES.length),
      40_000,
      async () => `anomaly types of ${prefix}*: ${await typesOfOurs()}\n${tails(services)}`,
    );
    let snapshot: OverviewSnapshot | undefined;
    const rendered = async (after = 0) => {
      const s = await readOverview(page);
      if (s.frame === null || Date.parse(s.frame.generatedAt) <= after) return false;
      snapshot = s;
      return true;
    };
    const startedAt = Date.now();
    await eventually(() => rendered(startedAt), 10_000, () => `no overview frame rendered`);
    const first = snapshot!;
    assert.deepEqual(first.shown, shownFor(first.frame!), "the page shows the frame it received");
    for (const type of TYPES) {
      assert.ok(first.frame!.anomalyBreakdown.find((b) => b.type === type)!.count > 0, type);
    }
    // Every card shows a number ("–" only for the 5-minute figures when those whole minutes
    // hold no reading yet, e.g. on a fresh database).
    const noFiveMinutes = first.frame!.lastFiveMinutes.readings === 0;
    for (const [name, text] of Object.entries(first.shown.stats)) {
      const unknownAllowed = noFiveMinutes && /heart-rate/.test(name);
      assert.match(text, unknownAllowed ? /^(–|[\d,.]+)$/ : /^([\d,.]+|ok)$/, name);
    }
    assert.ok(first.shown.heartbeatsChart![0]!.sum > 0, "readings are plotted");
    assert.ok(first.shown.recentCustomers.length > 0, "recent anomalies are listed");
    const heartbeatsInk = await canvasInk(page, '[data-panel="heartbeats-per-minute"] .chart', [
      COLOUR.readings,
    ]);
    assert.ok(heartbeatsInk[COLOUR.readings]!.span > 0.25, JSON.stringify(heartbeatsInk));
    const anomaliesInk = await canvasInk(
      page,
      '[data-panel="anomalies-per-minute"] .chart',
      TYPES.map((t) => COLOUR[t]),
    );
    for (const type of TYPES) assert.ok(anomaliesInk[COLOUR[type]]!.pixels > 0, type);
    assert.ok(Math.max(...Object.values(anomaliesInk).map((i) => i.span)) > 0.25);
    await screenshot(page, "overview.png");

    // --- the numbers move, pushed by the stream: three more frames, each shown as received.
    let last = first;
    for (let tick = 0; tick < 3; tick++) {
      const after = Date.parse(last.frame!.generatedAt);
      await eventually(() => rendered(after), 10_000, () => `no frame after ${last.generatedAt}`);
      last = snapshot!;
      assert.deepEqual(last.shown, shownFor(last.frame!), `frame ${last.generatedAt}`);
    }
    assert.notDeepEqual(last.shown.heartbeatsChart, first.shown.heartbeatsChart);
    assert.notDeepEqual(last.shown.breakdown, first.shown.breakdown);

    // --- drained: the last frame agrees with the test's own counts of the raw rows.
    assert.equal(await producer.stop(), 0, tails([producer]));
    await drained(p);
    const quiet = Date.now();
    await eventually(() => rendered(quiet), 10_000, () => `no frame after the drain`);
    const settled = snapshot!;
    const frame = settled.frame!;
    assert.deepEqual(settled.shown, shownFor(frame));
    const counted = await countOverview(
      p.sql,
      new Date(frame.generatedAt),
      frame.windowMinutes,
      p.groups.writer,
    );
    assert.deepEqual(frame.heartbeatsPerMinute, counted.heartbeatsPerMinute);
    assert.deepEqual(frame.anomaliesPerMinute, counted.anomaliesPerMinute);
    assert.deepEqual(frame.anomalyBreakdown, counted.anomalyBreakdown);
    const { average, p95, ...five } = frame.lastFiveMinutes;
    const { average: countedAverage, p95: countedP95, ...countedFive } = counted.lastFiveMinutes;
    assert.deepEqual(five, countedFive);
    assert.ok(Math.abs(average! - countedAverage!) < 1e-9, `average ${average}`);
    assert.ok(Math.abs(p95! - countedP95!) < 1e-9, `p95 ${p95}`);
    assert.deepEqual(frame.recentAnomalies.map((a) => a.anomalyId), counted.recentAnomalyIds);
    assert.equal(frame.health.storedPerSecond, counted.storedPerSecond);
    assert.equal(frame.health.anomaliesPerSecond, counted.anomaliesPerSecond);
    assert.deepEqual(frame.health.invalid, counted.invalid);
    assert.deepEqual(frame.health.dlq, counted.dlq);
    assert.deepEqual(frame.health.lag, { writer: 0, detector: 0 });
    assert.ok(counted.invalid.lastHour > 0, "the producer's malformed records were routed");

    // --- customer: found by search, chart with the anomalies marked.
    const [chosen] = await p.sql<{ id: string }[]>`
      select customer_id as id from anomalies where starts_with(customer_id, ${prefix})
      group by 1 order by count(distinct anomaly_type) desc, count(*) desc, 1 limit 1`;
    const customer = chosen!.id;
    await page.click('a[data-nav="customer"]');
    await page.fill('[data-testid="customer-search"]', prefix);
    const suggestion = page.locator('[data-testid="customer-suggestions"]').getByRole("link", {
      name: customer,
      exact: true,
    });
    const answered = page.waitForResponse((r) =>
      new URL(r.url()).pathname === `/api/customers/${customer}`
    );
    await suggestion.click();
    const view = await (await answered).json();
    assert.equal(await page.textContent('[data-testid="customer-id"]'), customer);
    const [stored] = await p.sql<{ readings: number; anomalies: number }[]>`
      select
        (select count(*) from heartbeat_events where customer_id = ${customer}
         and event_time >= ${view.from} and event_time < ${view.to}::timestamptz + interval '5 min')::int
          as readings,
        (select count(*) from anomalies where customer_id = ${customer}
         and event_time >= ${view.from} and event_time < ${view.to}::timestamptz + interval '5 min')::int
          as anomalies`;
    assert.deepEqual(
      { readings: view.readings.length, anomalies: view.anomalies.length },
      stored,
      "the customer's chart holds their stored readings and anomalies",
    );
    assert.ok(view.anomalies.length > 0);
    // One marker per reading with an anomaly (a reading may have two: HIGH and SPIKE).
    const readingTimes = new Set(view.readings.map((r: Point) => r.eventTime));
    const marked = new Map<string, number>(
      view.anomalies.filter((a: Point) => readingTimes.has(a.eventTime))
        .map((a: Point) => [a.eventTime, a.heartRate]),
    );
    assert.ok(marked.size > 0, "anomalies fall on readings of the chart");
    const chart = '[data-panel="customer-heart-rate"] .chart';
    await eventually(
      async () =>
        (await page.getAttribute(chart, "data-plotted")) === JSON.stringify([
          { label: "heart rate", points: view.readings.length, sum: sumOf(view.readings) },
          { label: "anomaly", points: marked.size, sum: sumOf([...marked.values()]) },
        ]),
      5_000,
      async () => `plotted ${await page.getAttribute(chart, "data-plotted")}`,
    );
    const customerInk = await canvasInk(page, chart, [COLOUR.readings, COLOUR.marker]);
    assert.ok(customerInk[COLOUR.readings]!.pixels > 0, "the heart rate is drawn");
    assert.ok(customerInk[COLOUR.marker]!.pixels > 0, "anomaly markers are drawn");
    assert.ok((await column(page, "customer-anomalies-table", 1)).every((c) => c === customer));
    await screenshot(page, "customer.png");

    // --- anomalies feed: newest first, then filtered to the customer.
    await page.click('a[data-nav="anomalies"]');
    await page.locator('[data-testid="anomalies-table"] tbody tr td:not(.empty)').first()
      .waitFor();
    await screenshot(page, "anomalies.png");
    await page.fill('[data-testid="anomaly-filters"] input[name="customer"]', customer);
    await page.press('[data-testid="anomaly-filters"] input[name="customer"]', "Enter");
    const [feed] = await p.sql<{ n: number }[]>`
      select count(*)::int as n from anomalies where customer_id = ${customer}
      and event_time >= now() - interval '60 min'`;
    const expectedRows = Math.min(feed!.n, 50);
    await eventually(
      async () => {
        const customers = await column(page, "anomalies-table", 1);
        return customers.length === expectedRows && customers.every((c) => c === customer);
      },
      5_000,
      async () => `feed rows ${await column(page, "anomalies-table", 1)}, expected ${expectedRows}`,
    );

    // --- pipeline: the five topics and both groups, drained.
    await page.click('a[data-nav="pipeline"]');
    const topics = Object.values(p.topics).sort();
    await eventually(
      async () => (await column(page, "topics-table", 0)).sort().join() === topics.join(),
      5_000,
      async () => `topics listed: ${await column(page, "topics-table", 0)}`,
    );
    for (const [role, group] of Object.entries(p.groups)) {
      const heading = await page.textContent(`[data-panel="group-${role}"] > h2`);
      assert.equal(heading, `Group ${group} (${role}) — lag 0`);
      assert.equal((await column(page, `lag-${role}`, 0)).length, 4, "one row per partition");
    }
    await screenshot(page, "pipeline.png");

    // One document all along: every view and number came without a reload.
    assert.equal(loads, 1);
    assert.equal(await page.evaluate(() => "__sameDocument" in globalThis), true);
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    await Promise.all(services.map((s) => s.stop()));
    await p.close();
  }
});

/** A reading or an anomaly of the customer API: where it sits on the chart. */
interface Point {
  readonly eventTime: string;
  readonly heartRate: number;
}

function sumOf(values: readonly (Point | number)[]): number {
  return values.reduce<number>((sum, v) => sum + (typeof v === "number" ? v : v.heartRate), 0);
}
