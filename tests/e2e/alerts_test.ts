/**
 * The alert layer through the real detector process, broker and database: a sustained low
 * rate opens LOW (pending → firing) and a recovery resolves it; a customer who goes silent
 * gets NO_DATA from the detector's wall-clock timers, and the next reading resolves it.
 * Every transition is stored once in `alert_transitions`, mirrored by the `alerts` row,
 * and published once per (alert_id, seq) on the alerts topic.
 */
import assert from "node:assert/strict";
import { AlertEventSchema } from "../../shared/contract/alert_event.ts";
import { eventually } from "../../scripts/chaos/processes.ts";
import { createPipeline, type Pipeline, reading } from "../_support/pipeline.ts";

interface TransitionRow {
  alert_id: string;
  seq: number;
  rule: string;
  from_status: string | null;
  to_status: string;
}

async function transitionsOf(p: Pipeline, customer: string): Promise<TransitionRow[]> {
  return await p.sql<TransitionRow[]>`
    select alert_id::text, seq, rule, from_status, to_status from alert_transitions
    where customer_id = ${customer} order by at, rule, seq`;
}

async function alertTopicOf(p: Pipeline, customer: string) {
  const topic = (p.topics as typeof p.topics & { alerts: string }).alerts;
  return (await p.readTopic(topic))
    .filter((m) => m.key === customer)
    .map((m) => AlertEventSchema.parse(m.value));
}

/** Every stored transition appears on the topic, and nothing else does. */
async function assertTopicMatchesTable(p: Pipeline, customer: string) {
  const rows = await transitionsOf(p, customer);
  const messages = await alertTopicOf(p, customer);
  const keys = (list: { alert_id: string; seq: number }[]) =>
    list.map((t) => `${t.alert_id}:${t.seq}`).sort();
  assert.deepEqual([...new Set(keys(messages))], keys(rows));
}

Deno.test("alerts: a sustained low rate opens LOW, fires it, and a recovery resolves it", async () => {
  const p = await createPipeline(2);
  const detector = p.start("detector");
  try {
    const customer = `${p.id}-low`;
    const start = Date.now() - 60_000;
    // 10 s normal, 20 s at 44 bpm, 20 s back at 70 bpm: one LOW episode.
    const rates = [
      ...Array(10).fill(72),
      ...Array(20).fill(44),
      ...Array(20).fill(70),
    ] as number[];
    await p.produce(
      rates.map((rate, i) => reading(customer, rate, { eventTime: new Date(start + i * 1000) })),
    );
    await p.waitForCheckpoint(p.groups.detector, rates.length);
    let rows: TransitionRow[] = [];
    await eventually(
      async () => (rows = await transitionsOf(p, customer)).some((r) => r.to_status === "resolved"),
      30_000,
      () => `transitions: ${JSON.stringify(rows)}\n${detector.lines.slice(-10).join("\n")}`,
    );
    const low = rows.filter((r) => r.rule === "LOW");
    assert.deepEqual(
      low.map((r) => [r.seq, r.from_status, r.to_status]),
      [[1, null, "pending"], [2, "pending", "firing"], [3, "firing", "resolved"]],
    );
    assert.equal(new Set(low.map((r) => r.alert_id)).size, 1, "one alert");
    const [alert] = await p.sql<{ status: string; last_seq: number; fired_at: Date | null }[]>`
      select status, last_seq, fired_at from alerts where alert_id = ${low[0]!.alert_id}`;
    assert.equal(alert!.status, "resolved");
    assert.equal(alert!.last_seq, 3);
    assert.ok(alert!.fired_at !== null);
    await assertTopicMatchesTable(p, customer);
  } finally {
    await p.close();
  }
});

Deno.test("alerts: a silent customer gets NO_DATA from the timers, and the next reading resolves it", async () => {
  const p = await createPipeline(2);
  const detector = p.start("detector", { ALERT_NO_DATA_TIMEOUT_S: "3" });
  try {
    const customer = `${p.id}-quiet`;
    const now = Date.now();
    await p.produce(
      Array.from(
        { length: 5 },
        (_, i) => reading(customer, 70, { eventTime: new Date(now - 5000 + i * 1000) }),
      ),
    );
    let rows: TransitionRow[] = [];
    const describe = () =>
      `transitions: ${JSON.stringify(rows)}\n${detector.lines.slice(-10).join("\n")}`;
    await eventually(
      async () =>
        (rows = await transitionsOf(p, customer)).some((r) =>
          r.rule === "NO_DATA" && r.to_status === "firing"
        ),
      30_000,
      describe,
    );
    await p.produce([reading(customer, 71)]);
    await eventually(
      async () =>
        (rows = await transitionsOf(p, customer)).some((r) =>
          r.rule === "NO_DATA" && r.to_status === "resolved"
        ),
      30_000,
      describe,
    );
    const noData = rows.filter((r) => r.rule === "NO_DATA");
    assert.equal(new Set(noData.map((r) => r.alert_id)).size, 1, "one NO_DATA alert");
    assert.equal(noData.at(-1)!.to_status, "resolved");
    assert.equal(
      noData.filter((r) => r.to_status === "firing").length,
      1,
      "fired once, not on every timer pass",
    );
    await assertTopicMatchesTable(p, customer);
  } finally {
    await p.close();
  }
});
