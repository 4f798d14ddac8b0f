/**
 * The pipeline end to end on the real broker and database: a known set of records in,
 * exactly the expected rows, invalid-topic records, anomalies and nothing twice out.
 */
import assert from "node:assert/strict";
import { createPipeline, reading, type TestRecord } from "../_support/pipeline.ts";

Deno.test("pipeline: a known set ends as exactly the expected rows, invalid records and anomalies", async () => {
  const p = await createPipeline(4);
  try {
    const c = (name: string) => `${p.id}-${name}`;
    const valid = [
      reading(c("a"), 72),
      reading(c("a"), 45), // LOW (45 <= 50) and SPIKE (|45-72| = 27 < 30: no)
      reading(c("b"), 80),
      reading(c("b"), 150), // HIGH and SPIKE (70)
      reading(c("c"), 65),
      reading(c("c"), 95), // SPIKE (30: the boundary fires)
      reading(c("d"), 65),
      reading(c("d"), 94), // delta 29: nothing
      reading(c("e"), 51),
      reading(c("e"), 139), // boundaries that do not fire: 51 and 139... but SPIKE 88
    ];
    const duplicate = valid[0]!; // the same event (same event_id and content) sent again
    // The same event id as b's first reading, with other content: conflicting data, routed
    // as EVENT_ID_CONFLICT (the stored row keeps its first content).
    const conflicting = reading(c("b"), 81, { eventId: valid[2]!.eventId });
    const invalid: (TestRecord & { reason: string })[] = [
      { key: c("x"), value: "{not json", reason: "INVALID_JSON" },
      { ...reading(c("x"), 300), reason: "HEART_RATE_OUT_OF_RANGE" },
      {
        key: c("x"),
        value: JSON.stringify({
          event_id: crypto.randomUUID(),
          customer_id: c("x"),
          event_time: new Date().toISOString(),
          schema_version: 1,
        }),
        reason: "MISSING_FIELD",
      },
      {
        key: c("x"),
        value: JSON.stringify({
          event_id: crypto.randomUUID(),
          customer_id: c("x"),
          event_time: new Date().toISOString(),
          heart_rate: "72",
          schema_version: 1,
        }),
        reason: "WRONG_TYPE",
      },
      { ...reading(c("y"), 70, { key: c("x") }), reason: "KEY_MISMATCH" },
      { key: c("x"), value: new Uint8Array([0xff, 0xfe, 0x7b]), reason: "INVALID_UTF8" },
    ];
    // Valid by the contract, but PostgreSQL text cannot hold U+0000: the insert fails for this
    // row alone. It must go to the dead-letter topic after its retries, while its batch
    // neighbours (customer a's other readings) are stored.
    const poisonId = crypto.randomUUID();
    const poison: TestRecord = {
      key: c("a"),
      value: JSON.stringify({
        event_id: poisonId,
        customer_id: c("a"),
        event_time: new Date().toISOString(),
        heart_rate: 70,
        schema_version: 1,
        device_id: "dev\u0000x",
      }),
    };
    // Readings of one customer stay in order (one key, one partition, one request in flight).
    const batches = [[valid[0]!, poison, ...valid.slice(1, 5)], invalid, valid.slice(5), [
      duplicate,
      conflicting,
    ]];
    for (const batch of batches) await p.produce(batch);
    const total = batches.flat().length;

    p.start("consumer");
    p.start("detector");
    await p.waitForCheckpoint(p.groups.writer, total);
    await p.waitForCheckpoint(p.groups.detector, total);

    const rows = await p.sql<{ event_id: string; customer_id: string; heart_rate: number }[]>`
      select event_id::text, customer_id, heart_rate from heartbeat_events where source_topic = ${p.topics.raw}`;
    assert.deepEqual(
      rows.map((r) => r.event_id).sort(),
      valid.map((v) => v.eventId).sort(),
      "exactly the valid events, once each (not the poison row)",
    );
    assert.equal(
      rows.find((r) => r.event_id === valid[2]!.eventId)!.heart_rate,
      80,
      "the first content stays",
    );

    const routed = await p.sql<
      { reason_code: string; destination: string; event_id: string | null; attempts: number }[]
    >`
      select reason_code, destination, event_id::text, attempts from routed_records
      where consumer_group = ${p.groups.writer}`;
    const expectedInvalid = [...invalid.map((i) => i.reason), "EVENT_ID_CONFLICT"].sort();
    assert.deepEqual(
      routed.filter((r) => r.destination === "invalid").map((r) => r.reason_code).sort(),
      expectedInvalid,
      "each invalid record routed once with its reason, the conflicting copy too, the exact duplicate not at all",
    );
    const dlqRows = routed.filter((r) => r.destination === "dlq");
    assert.deepEqual(
      dlqRows.map((r) => [r.event_id, r.attempts]),
      [[poisonId, 3]],
      "the poison row, after 3 attempts",
    );
    assert.match(dlqRows[0]!.reason_code, /^22/, "a data-exception SQLSTATE");

    const invalidTopic = await p.readTopic(p.topics.invalid);
    assert.deepEqual(invalidTopic.map((m) => m.value.reason_code).sort(), expectedInvalid);
    for (const message of invalidTopic) {
      const source = message.value.source as {
        topic: string;
        offset: string;
        value_b64: string | null;
      };
      assert.equal(source.topic, p.topics.raw);
      assert.match(source.offset, /^\d+$/);
      assert.ok(source.value_b64, "original bytes are kept");
    }
    const dlqTopic = await p.readTopic(p.topics.dlq);
    assert.equal(dlqTopic.length, 1);
    assert.equal(
      (dlqTopic[0]!.value.source as { value_b64: string }).value_b64,
      btoa(poison.value as string),
    );
    assert.equal(dlqTopic[0]!.value.attempts, 3);

    const anomalies = await p.sql<
      { customer_id: string; anomaly_type: string; heart_rate: number; severity: string }[]
    >`
      select customer_id, anomaly_type, heart_rate, severity from anomalies where customer_id like ${
      p.id + "-%"
    }`;
    assert.deepEqual(
      anomalies.map((a) =>
        `${a.customer_id.slice(p.id.length + 1)} ${a.anomaly_type} ${a.heart_rate} ${a.severity}`
      ).sort(),
      [
        "a LOW_HEART_RATE 45 high",
        "b HIGH_HEART_RATE 150 high",
        "b SPIKE 150 medium",
        "c SPIKE 95 medium",
        "e SPIKE 139 medium",
      ],
    );
    const anomalyTopic = await p.readTopic(p.topics.anomaly);
    assert.equal(new Set(anomalyTopic.map((m) => m.value.anomaly_id)).size, anomalies.length);
    assert.ok(
      anomalyTopic.every((m) => m.key === m.value.customer_id),
      "anomalies are keyed by customer_id",
    );
  } finally {
    await p.close();
  }
});
