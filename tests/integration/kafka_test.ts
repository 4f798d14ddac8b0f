/**
 * kafkajs under Deno against the real broker of the test stack: topic administration,
 * an idempotent acks=all producer, and a consumer group with manually committed offsets.
 */
import assert from "node:assert/strict";
import { connectAdmin, createKafka, ensureTopics, KafkaError } from "../../shared/kafka/mod.ts";
import { testConfig, uniqueName } from "../_support/env.ts";

const config = testConfig();

Deno.test("kafka: ensureTopics creates topics with the requested partitions, then only verifies them", async () => {
  const admin = await connectAdmin(createKafka(config.kafka), config.kafka);
  const specs = [{ name: uniqueName("it.topics.a"), partitions: 24 }, {
    name: uniqueName("it.topics.b"),
    partitions: 6,
  }];
  try {
    const first = await ensureTopics(admin, specs);
    assert.deepEqual(first.map((o) => o.action), ["created", "created"]);
    const metadata = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.name) });
    const counts = Object.fromEntries(metadata.topics.map((t) => [t.name, t.partitions.length]));
    assert.deepEqual(counts, { [specs[0]!.name]: 24, [specs[1]!.name]: 6 });
    const second = await ensureTopics(admin, specs);
    assert.deepEqual(second.map((o) => o.action), ["verified", "verified"]);
  } finally {
    await admin.deleteTopics({ topics: specs.map((s) => s.name) }).catch(() => {});
    await admin.disconnect();
  }
});

Deno.test("kafka: a topic whose partition count differs from the spec is reported, not changed", async () => {
  const admin = await connectAdmin(createKafka(config.kafka), config.kafka);
  const name = uniqueName("it.topics.mismatch");
  try {
    await admin.createTopics({
      topics: [{ topic: name, numPartitions: 3, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    await assert.rejects(
      () => ensureTopics(admin, [{ name, partitions: 6 }]),
      (e: unknown) =>
        e instanceof KafkaError && e.code === "TOPIC_MISMATCH" &&
        e.message.includes(`${name} has 3 partitions, expected 6`),
    );
    const metadata = await admin.fetchTopicMetadata({ topics: [name] });
    assert.equal(metadata.topics[0]!.partitions.length, 3);
  } finally {
    await admin.deleteTopics({ topics: [name] }).catch(() => {});
    await admin.disconnect();
  }
});

Deno.test("kafka: the broker refuses to auto-create a topic a client merely names", async () => {
  const kafka = createKafka({ ...config.kafka, connectRetries: 1 });
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  try {
    await assert.rejects(() =>
      producer.send({ topic: uniqueName("it.typo"), messages: [{ value: "x" }] })
    );
  } finally {
    await producer.disconnect();
  }
});

Deno.test("kafka: an idempotent acks=all producer and a consumer group with manual commits deliver every message once per group", async () => {
  const kafka = createKafka(config.kafka);
  const admin = await connectAdmin(kafka, config.kafka);
  const topic = uniqueName("it.roundtrip");
  const groupId = uniqueName("it-group");
  const total = 300;
  await ensureTopics(admin, [{ name: topic, partitions: 6 }]);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumers = [kafka.consumer({ groupId }), kafka.consumer({ groupId })];
  try {
    await producer.connect();
    const sent = Array.from(
      { length: total },
      (_, i) => ({ key: `customer-${i % 37}`, value: JSON.stringify({ seq: i }) }),
    );
    const acks = await producer.send({ topic, acks: -1, messages: sent });
    assert.ok(acks.every((r) => r.errorCode === 0));

    const received = new Map<number, { key: string; partition: number }>();
    let duplicates = 0; // counted, not asserted in the handler: kafkajs would just retry the batch
    let done!: () => void;
    const allReceived = new Promise<void>((resolve) => (done = resolve));
    for (const consumer of consumers) {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            const { seq } = JSON.parse(message.value!.toString()) as { seq: number };
            if (received.has(seq)) duplicates++;
            received.set(seq, { key: message.key!.toString(), partition: batch.partition });
          }
          await consumer.commitOffsets([
            { topic, partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) },
          ]);
          if (received.size === total) done();
        },
      });
    }
    await withTimeout(
      allReceived,
      60_000,
      () => `only ${received.size} of ${total} messages arrived`,
    );

    assert.equal(received.size, total);
    assert.equal(duplicates, 0);
    // Keyed messages: every message of a customer is on the same partition.
    const partitionsByKey = new Map<string, Set<number>>();
    for (const { key, partition } of received.values()) {
      partitionsByKey.set(key, (partitionsByKey.get(key) ?? new Set()).add(partition));
    }
    assert.ok([...partitionsByKey.values()].every((set) => set.size === 1));
    // The group committed exactly the end offsets of every partition.
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    const committedTotal = committed[0]!.partitions.reduce((sum, p) => sum + Number(p.offset), 0);
    assert.equal(committedTotal, total);
    assert.deepEqual(
      committed[0]!.partitions.map((p) => [p.partition, p.offset]).sort(),
      ends.map((p) => [p.partition, p.offset]).sort(),
    );
    // Both consumers are members of the one group (the broker split the partitions).
    let group = await admin.describeGroups([groupId]);
    for (let i = 0; i < 100 && group.groups[0]!.state !== "Stable"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      group = await admin.describeGroups([groupId]);
    }
    assert.equal(group.groups[0]!.state, "Stable");
    assert.equal(group.groups[0]!.members.length, 2);
  } finally {
    await Promise.all(consumers.map((c) => c.disconnect()));
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  }
});

async function withTimeout<T>(promise: Promise<T>, ms: number, describe: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${describe()}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
