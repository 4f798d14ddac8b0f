/**
 * Kill -9 mid-stream, restart, and still exactly the expected rows and anomalies — nothing
 * lost, nothing twice. The expected anomalies come from the same pure rule engine run
 * in-process over the same readings (a reference run without crashes).
 */
import assert from "node:assert/strict";
import { evaluateReading } from "../../shared/rules/mod.ts";
import { ALERT_STATE_BYTES, createAlertEngine } from "../../shared/alerts/mod.ts";
import { loadConfig, sections } from "../../shared/config/mod.ts";
import type { CustomerState } from "../../shared/rules/mod.ts";
import { createPipeline, type Pipeline, reading } from "../_support/pipeline.ts";
import type { ServiceProcess } from "../../scripts/chaos/processes.ts";

const CUSTOMERS = 120;
const PER_CUSTOMER = 150;
const TOTAL = CUSTOMERS * PER_CUSTOMER;

/** Deterministic readings: a random walk per customer with occasional jumps and extremes. */
function makeReadings(prefix: string) {
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const base = Date.now() - PER_CUSTOMER * 1000;
  const perCustomer = Array.from({ length: CUSTOMERS }, (_, c) => {
    let rate = 60 + Math.floor(random() * 30);
    return Array.from({ length: PER_CUSTOMER }, (_, i) => {
      const jump = random() < 0.15 ? (random() < 0.5 ? -40 : 40) : Math.round((random() - 0.5) * 6);
      rate = Math.min(200, Math.max(30, rate + jump));
      return reading(`${prefix}-c${c}`, rate, { eventTime: new Date(base + i * 1000) });
    });
  });
  // Interleave customers as a live stream would.
  return Array.from({ length: PER_CUSTOMER }, (_, i) => perCustomer.map((list) => list[i]!)).flat();
}

async function progress(p: Pipeline, group: string): Promise<number> {
  const [row] = await p.sql<{ n: string }[]>`
    select coalesce(sum(next_offset), 0)::text as n from ingest_checkpoint
    where consumer_group = ${group} and topic = ${p.topics.raw}`;
  return Number(row!.n);
}

/**
 * Starts the service, SIGKILLs it as soon as it committed something (twice), then lets a
 * last instance finish. Small fetches (~16 KiB, ~100 records a batch) make the kills land
 * inside partitions, where per-customer state and offsets matter, not between them.
 */
async function killMidStream(
  p: Pipeline,
  service: "consumer" | "detector",
  group: string,
): Promise<number[]> {
  const killedAt: number[] = [];
  const prefix = service === "consumer" ? "CONSUMER" : "DETECTOR";
  const env = { [`${prefix}_CONCURRENCY`]: "1", [`${prefix}_FETCH_MAX_BYTES`]: "16384" };
  let running: ServiceProcess = p.start(service, env);
  for (let kill = 0; kill < 2; kill++) {
    const before = await progress(p, group);
    const deadline = Date.now() + 60_000;
    while ((await progress(p, group)) <= before && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    running.kill("SIGKILL");
    await running.exited;
    killedAt.push(await progress(p, group));
    running = p.start(service, env);
  }
  await p.waitForCheckpoint(group, TOTAL, 120_000);
  return killedAt;
}

async function produceAll(p: Pipeline, records: ReturnType<typeof makeReadings>) {
  for (let i = 0; i < records.length; i += 2000) await p.produce(records.slice(i, i + 2000));
}

Deno.test("crash recovery: the consumer killed twice mid-stream still stores every reading exactly once", async () => {
  const p = await createPipeline(4);
  try {
    const records = makeReadings(p.id);
    await produceAll(p, records);
    const killedAt = await killMidStream(p, "consumer", p.groups.writer);
    assert.ok(
      killedAt.every((n) => n > 0 && n < TOTAL),
      `kills landed mid-stream (progress at kills: ${killedAt})`,
    );

    const [counts] = await p.sql<{ rows: string; distinct_events: string }[]>`
      select count(*)::text as rows, count(distinct event_id)::text as distinct_events
      from heartbeat_events where source_topic = ${p.topics.raw}`;
    assert.equal(Number(counts!.rows), TOTAL, "nothing lost");
    assert.equal(Number(counts!.distinct_events), TOTAL, "nothing twice");
    const stored = await p.sql<
      { event_id: string }[]
    >`select event_id::text from heartbeat_events where source_topic = ${p.topics.raw}`;
    assert.deepEqual(
      new Set(stored.map((r) => r.event_id)),
      new Set(records.map((r) => r.eventId)),
    );
  } finally {
    await p.close();
  }
});

Deno.test("crash recovery: the detector killed twice mid-stream raises exactly the anomalies of an uninterrupted run", async () => {
  const p = await createPipeline(4);
  try {
    const records = makeReadings(p.id);
    const states = new Map<string, CustomerState>();
    const expected = new Set<string>();
    // The reference run of the alert layer: the same engine and default settings, each
    // customer's readings in production order (one partition per customer keeps it).
    const engine = createAlertEngine(
      loadConfig({ alerts: sections.alerts }, () => undefined).alerts,
    );
    const alertStates = new Map<string, Uint8Array>();
    const expectedTransitions = new Set<string>();
    for (const record of records) {
      const event = JSON.parse(record.value as string);
      const reading = {
        eventId: event.event_id,
        customerId: event.customer_id,
        heartRate: event.heart_rate,
        eventTimeMs: Date.parse(event.event_time),
      };
      const { findings, nextState } = evaluateReading(reading, states.get(reading.customerId), {
        lowThreshold: 50,
        highThreshold: 140,
        spikeDelta: 30,
      });
      states.set(reading.customerId, nextState);
      for (const f of findings) expected.add(`${reading.eventId} ${f.type}`);
      let alertState = alertStates.get(reading.customerId);
      if (!alertState) {
        alertStates.set(reading.customerId, alertState = new Uint8Array(ALERT_STATE_BYTES));
      }
      for (const t of engine.onReading(alertState, reading, reading.eventTimeMs).transitions) {
        expectedTransitions.add(`${t.alertId}:${t.seq}:${t.to}`);
      }
    }
    assert.ok(expected.size > 100, `the data raises anomalies (${expected.size})`);
    assert.ok(
      expectedTransitions.size > 50,
      `the data raises alerts (${expectedTransitions.size})`,
    );
    await produceAll(p, records);

    const killedAt = await killMidStream(p, "detector", p.groups.detector);
    assert.ok(
      killedAt.every((n) => n > 0 && n < TOTAL),
      `kills landed mid-stream (progress at kills: ${killedAt})`,
    );
    const rows = await p.sql<{ event_id: string; anomaly_type: string }[]>`
      select event_id::text, anomaly_type from anomalies where customer_id like ${p.id + "-%"}`;
    const actual = rows.map((r) => `${r.event_id} ${r.anomaly_type}`);
    assert.equal(actual.length, new Set(actual).size, "no anomaly twice");
    const missing = [...expected].filter((a) => !actual.includes(a));
    const extra = actual.filter((a) => !expected.has(a));
    assert.deepEqual({ missing: missing.length, extra: extra.length }, { missing: 0, extra: 0 });

    // Alert transitions: none missed, none twice, none that the reference run did not make.
    // NO_DATA is left out: it follows the wall clock (a customer silent after the stream
    // ends), which no replay reproduces; tests/e2e/alerts_test.ts covers its timer path.
    const transitionRows = await p.sql<{ key: string }[]>`
      select alert_id::text || ':' || seq || ':' || to_status as key from alert_transitions
      where customer_id like ${p.id + "-%"} and rule <> 'NO_DATA'`;
    const actualTransitions = transitionRows.map((r) => r.key);
    const wanted = [...expectedTransitions]; // onReading alone never opens NO_DATA
    assert.equal(actualTransitions.length, new Set(actualTransitions).size, "no transition twice");
    assert.deepEqual(
      {
        missing: wanted.filter((k) => !actualTransitions.includes(k)).length,
        extra: actualTransitions.filter((k) => !expectedTransitions.has(k)).length,
      },
      { missing: 0, extra: 0 },
    );
  } finally {
    await p.close();
  }
});

Deno.test("crash recovery: the writer resumes from PostgreSQL's checkpoint even when Kafka's offsets are ahead (database restored from a backup)", async () => {
  const p = await createPipeline(4);
  try {
    const records = Array.from(
      { length: 400 },
      (_, i) => reading(`${p.id}-c${i % 20}`, 60 + (i % 30)),
    );
    await p.produce(records);
    const first = p.start("consumer");
    await p.waitForCheckpoint(p.groups.writer, records.length);
    assert.equal(await first.stop(), 0, "graceful stop (Kafka offsets committed at the end)");
    const committed = await p.admin.fetchOffsets({
      groupId: p.groups.writer,
      topics: [p.topics.raw],
    });
    assert.equal(
      committed[0]!.partitions.reduce((sum, x) => sum + Number(x.offset), 0),
      records.length,
    );

    // "Restore" the database to an empty state for this topic: rows and progress gone.
    await p.sql`delete from heartbeat_events where source_topic = ${p.topics.raw}`;
    await p
      .sql`update ingest_checkpoint set next_offset = 0 where consumer_group = ${p.groups.writer} and topic = ${p.topics.raw}`;

    p.start("consumer"); // no new records arrive: only the database says there is work
    await p.waitForCheckpoint(p.groups.writer, records.length);
    const [row] = await p.sql<
      { n: number }[]
    >`select count(*)::int as n from heartbeat_events where source_topic = ${p.topics.raw}`;
    assert.equal(row!.n, records.length);
  } finally {
    await p.close();
  }
});
