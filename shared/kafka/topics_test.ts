import assert from "node:assert/strict";
import { KafkaError } from "./client.ts";
import { ensureTopics, specTopics, type TopicAdmin } from "./topics.ts";

/** An in-memory admin: topics are a name → partition count map. */
function fakeAdmin(initial: Record<string, number>) {
  const topics = new Map(Object.entries(initial));
  const created: string[] = [];
  const admin: TopicAdmin = {
    listTopics: () => Promise.resolve([...topics.keys()]),
    createTopics: ({ topics: specs }) => {
      for (const spec of specs) {
        topics.set(spec.topic, spec.numPartitions);
        created.push(spec.topic);
      }
      return Promise.resolve(true);
    },
    fetchTopicMetadata: ({ topics: names }) =>
      Promise.resolve({
        topics: names.filter((n) => topics.has(n)).map((name) => ({
          name,
          partitions: Array.from(
            { length: topics.get(name)! },
            (_, partitionId) => ({ partitionId, replicas: [1] }),
          ),
        })),
      }),
  };
  return { admin, created, topics };
}

const names = {
  raw: "events.raw.v1",
  invalid: "events.invalid.v1",
  anomaly: "events.anomaly.v1",
  dlq: "events.dlq.v1",
  alerts: "alerts.v1",
};

Deno.test("specTopics: the raw topic has 24 partitions, the others (alerts too) 6", () => {
  assert.deepEqual(specTopics(names).map((t) => [t.name, t.partitions]), [
    ["events.raw.v1", 24],
    ["events.invalid.v1", 6],
    ["events.anomaly.v1", 6],
    ["events.dlq.v1", 6],
    ["alerts.v1", 6],
  ]);
});

Deno.test("ensureTopics: creates only the missing topics and verifies the rest", async () => {
  const { admin, created } = fakeAdmin({ "events.raw.v1": 24 });
  const outcomes = await ensureTopics(admin, specTopics(names));
  assert.deepEqual(created, [
    "events.invalid.v1",
    "events.anomaly.v1",
    "events.dlq.v1",
    "alerts.v1",
  ]);
  assert.deepEqual(outcomes.map((o) => o.action), [
    "verified",
    "created",
    "created",
    "created",
    "created",
  ]);
});

Deno.test("ensureTopics: a second run creates nothing", async () => {
  const { admin, created } = fakeAdmin({});
  await ensureTopics(admin, specTopics(names));
  created.length = 0;
  const outcomes = await ensureTopics(admin, specTopics(names));
  assert.deepEqual(created, []);
  assert.ok(outcomes.every((o) => o.action === "verified"));
});

Deno.test("ensureTopics: a topic with another partition count fails loudly and is left alone", async () => {
  const { admin, topics } = fakeAdmin({ "events.raw.v1": 12 });
  await assert.rejects(
    () => ensureTopics(admin, specTopics(names)),
    (error: unknown) =>
      error instanceof KafkaError && error.code === "TOPIC_MISMATCH" &&
      /events\.raw\.v1 has 12 partitions, expected 24/.test(error.message),
  );
  assert.equal(topics.get("events.raw.v1"), 12);
});

Deno.test("ensureTopics: a new broker's UNKNOWN_TOPIC_OR_PARTITION during creation is retried; other errors are not", async () => {
  const { admin, topics } = fakeAdmin({});
  let calls = 0;
  const flaky: TopicAdmin = {
    ...admin,
    createTopics: (options) => {
      calls++;
      // The broker created them but did not know their leaders yet on the first answer.
      const result = admin.createTopics(options);
      if (calls === 1) {
        return Promise.reject(Object.assign(new Error("no such partition"), {
          type: "UNKNOWN_TOPIC_OR_PARTITION",
        }));
      }
      return result;
    },
  };
  const outcomes = await ensureTopics(flaky, specTopics(names));
  assert.equal(calls, 2);
  assert.equal(topics.size, 5);
  assert.equal(outcomes.length, 5);

  const broken: TopicAdmin = {
    ...fakeAdmin({}).admin,
    createTopics: () =>
      Promise.reject(Object.assign(new Error("denied"), { type: "TOPIC_AUTHORIZATION_FAILED" })),
  };
  await assert.rejects(() => ensureTopics(broken, specTopics(names)), /denied/);
});
