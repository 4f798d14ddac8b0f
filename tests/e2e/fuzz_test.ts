/**
 * 10,000 generated hostile records through the real consumer and detector: every record
 * ends in exactly one place — a row, an invalid-topic record with a specific reason code,
 * or (an identical repeat of a stored event) nowhere new — no service crashes or stalls,
 * and no invalid record raises an anomaly. The expected verdicts come from the validator
 * (the unit tests pin the validator itself) plus the writer's rule for repeated event ids.
 */
import assert from "node:assert/strict";
import { loadConfig, sections } from "../../shared/config/mod.ts";
import { expectWriter } from "../../scripts/chaos/audit.ts";
import { fuzzCorpus, type FuzzRecord } from "../_support/fuzz_corpus.ts";
import { createPipeline } from "../_support/pipeline.ts";

const COUNT = 10_000;
const SEED = Number(Deno.env.get("FUZZ_SEED") ?? 20261124);

function expectedOutcome(corpus: FuzzRecord[], nowMs: number) {
  const validation = loadConfig({ validation: sections.validation }, () => undefined).validation;
  const encoder = new TextEncoder();
  const expected = expectWriter(
    corpus.map((r, i) => ({
      id: String(i),
      key: r.key === null ? null : encoder.encode(r.key),
      value: r.value,
    })),
    validation,
    nowMs,
  );
  return {
    rows: new Set([...expected.rows].map((k) => k.split("|")[1]!)),
    invalidReasons: [...expected.invalid.values()].sort(),
    absorbed: expected.absorbed,
  };
}

Deno.test(`fuzz: ${COUNT} hostile records (seed ${SEED}) each end in exactly one place, with a specific reason`, async () => {
  const p = await createPipeline(4);
  try {
    const now = Date.now();
    const corpus = fuzzCorpus(p.id, COUNT, SEED, now);
    const expected = expectedOutcome(corpus, now);
    // Sanity of the corpus itself: a real mix, not one kind.
    assert.ok(
      expected.rows.size > 3000 && new Set(expected.invalidReasons).size >= 10,
      `mix: ${expected.rows.size} valid, reasons ${[...new Set(expected.invalidReasons)]}`,
    );
    assert.ok(expected.absorbed > 0 && expected.invalidReasons.includes("EVENT_ID_CONFLICT"));

    // Requests stay under the broker's 1 MB limit (the largest records go alone).
    let chunk: FuzzRecord[] = [];
    let bytes = 0;
    for (const record of corpus) {
      if (chunk.length > 0 && (bytes + record.value.length > 700_000 || chunk.length >= 1000)) {
        await p.produce(chunk);
        chunk = [];
        bytes = 0;
      }
      chunk.push(record);
      bytes += record.value.length;
    }
    if (chunk.length > 0) await p.produce(chunk);

    const writer = p.start("consumer");
    const detector = p.start("detector");
    await p.waitForCheckpoint(p.groups.writer, COUNT, 120_000);
    await p.waitForCheckpoint(p.groups.detector, COUNT, 120_000);

    const rows = await p.sql<
      { event_id: string }[]
    >`select event_id::text from heartbeat_events where source_topic = ${p.topics.raw}`;
    assert.deepEqual(
      new Set(rows.map((r) => r.event_id)),
      expected.rows,
      "exactly the first copy of every valid event",
    );
    assert.equal(rows.length, expected.rows.size, "no event stored twice");
    const routed = await p.sql<{ reason_code: string; destination: string }[]>`
      select reason_code, destination from routed_records where consumer_group = ${p.groups.writer}`;
    assert.deepEqual(
      routed.filter((r) => r.destination === "dlq"),
      [],
      "no dead letters: every failure here is bad data",
    );
    assert.deepEqual(routed.map((r) => r.reason_code).sort(), expected.invalidReasons);
    assert.equal(
      rows.length + routed.length + expected.absorbed,
      COUNT,
      "every record accounted for once",
    );

    const invalidTopic = await p.readTopic(p.topics.invalid);
    assert.deepEqual(
      invalidTopic.map((m) => String(m.value.reason_code)).sort(),
      expected.invalidReasons,
    );

    const anomalies = await p.sql<{ event_id: string }[]>`
      select event_id::text from anomalies where customer_id like ${p.id + "-%"}`;
    assert.ok(
      anomalies.every((a) => expected.rows.has(a.event_id)),
      "anomalies only for valid events",
    );

    for (const service of [writer, detector]) {
      assert.equal(service.hasExited(), false, `${service.name} is still running`);
      assert.ok(
        !service.lines.some((l) => l.includes("unexpected error")),
        `${service.name} logged no unexpected error`,
      );
    }
  } finally {
    await p.close();
  }
});
