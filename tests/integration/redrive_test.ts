/**
 * `deno task redrive` against the real broker, run as a user runs it: routed records in the
 * consumer's own wire format on private topics, a dry run that publishes nothing (and ends
 * while records keep arriving), and a filtered run whose output on the target topic is
 * exactly the selected originals, byte for byte.
 */
import assert from "node:assert/strict";
import {
  type Admin,
  connectAdmin,
  connectPublisher,
  createKafka,
  ensureTopics,
  type Kafka,
  type OutgoingMessage,
  type Publisher,
} from "../../shared/kafka/mod.ts";
import { readAll } from "../../scripts/chaos/audit.ts";
import {
  type Original,
  reading,
  routedDlq,
  routedInvalid,
} from "../../scripts/redrive/_test_support.ts";
import { runTask, stackEnv, testConfig, uniqueName } from "../_support/env.ts";

const config = testConfig();
const HOUR = 3_600_000;
const bytes = (text: string) => new TextEncoder().encode(text);
const hex = (data: Uint8Array | null) =>
  data === null ? "null" : [...data].map((b) => b.toString(16).padStart(2, "0")).join("");

interface Fixture {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly publisher: Publisher;
  readonly topics: { raw: string; invalid: string; dlq: string; anomaly: string };
  /** The task's environment: the test stack, these topics, a client id naming its groups. */
  readonly env: Record<string, string>;
  readonly clientId: string;
}

async function withFixture(test: (fixture: Fixture) => Promise<void>): Promise<void> {
  const kafka = createKafka(config.kafka);
  const admin = await connectAdmin(kafka, config.kafka);
  const id = uniqueName("it.redrive");
  const topics = {
    raw: `${id}.raw`,
    invalid: `${id}.invalid`,
    dlq: `${id}.dlq`,
    anomaly: `${id}.anomaly`,
  };
  const clientId = uniqueName("it-redrive");
  await ensureTopics(admin, [
    { name: topics.raw, partitions: 4 },
    { name: topics.invalid, partitions: 3 },
    { name: topics.dlq, partitions: 3 },
  ]);
  const publisher = await connectPublisher(kafka);
  const env = {
    ...stackEnv(),
    KAFKA_CLIENT_ID: clientId,
    TOPIC_RAW: topics.raw,
    TOPIC_INVALID: topics.invalid,
    TOPIC_DLQ: topics.dlq,
    TOPIC_ANOMALY: topics.anomaly,
  };
  try {
    await test({ kafka, admin, publisher, topics, env, clientId });
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
    assert.deepEqual(groups.filter((g) => g.startsWith(clientId)), [], "no group left behind");
  } finally {
    await publisher.disconnect();
    await admin.deleteTopics({ topics: [topics.raw, topics.invalid, topics.dlq] }).catch(() => {});
    await admin.disconnect();
  }
}

/** A routed message as the consumer publishes it, stamped with when it was routed. */
function routed(message: { key: string | Uint8Array; value: string }, atMs: number) {
  return { key: message.key, value: message.value, timestampMs: atMs } satisfies OutgoingMessage;
}

async function endOffsetsTotal(admin: Admin, topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
}

Deno.test("redrive: a dry run counts and samples the DLQ records it would republish, publishes nothing, and ends while records keep arriving", async () => {
  await withFixture(async ({ admin, publisher, topics, env }) => {
    const now = Date.now();
    const at = (offset: bigint) => ({ offset, routedAtMs: now - HOUR });
    await publisher.publish(topics.dlq, [
      routed(routedDlq(reading("cust-a", 72), "22021", at(1n)), now - HOUR),
      routed(routedDlq(reading("cust-b", 72), "22021", at(2n)), now - HOUR),
      routed(
        routedDlq({ key: bytes("cust-c"), value: new Uint8Array(70_000) }, "22021", at(3n)),
        now - HOUR,
      ),
      routed(routedDlq(reading("cust-d", 72), undefined, at(4n)), now - HOUR),
    ]);
    // Records keep arriving during the run (with another reason): the run must still end.
    let arriving = true;
    const background = (async () => {
      for (let i = 100n; arriving; i++) {
        await publisher.publish(topics.dlq, [
          routed(routedDlq(reading("cust-late", 72), "99999", { offset: i }), Date.now()),
        ]);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    let result;
    try {
      result = await runTask("redrive", ["--dry-run", "--reason", "22021"], env);
    } finally {
      arriving = false;
      await background;
    }
    assert.equal(result.code, 0, result.stderr);
    const out = result.stdout;
    assert.match(out, /\(dry run: nothing published\)/);
    assert.match(out, /\nmatched +3 +filter: reason 22021\n/);
    assert.match(out, /\nwould publish +2\n/);
    assert.match(out, /\nskipped +1 +VALUE_TRUNCATED 1\n/);
    assert.match(out, /first 2 that would be republished/);
    assert.match(out, /22021 {2}cust-a {2}<- events\.raw\.v1 0\/1, \d+ B/);
    assert.doesNotMatch(out, /cust-d|cust-late/);
    assert.equal(await endOffsetsTotal(admin, topics.raw), 0, "a dry run publishes nothing");
  });
});

Deno.test("redrive: a filtered run republishes exactly the selected originals with identical key and value bytes, skipping truncated ones and repeats", async () => {
  await withFixture(async ({ kafka, admin, publisher, topics, env }) => {
    const now = Date.now();
    const invalid = (
      original: Original,
      reason: Parameters<typeof routedInvalid>[1],
      hoursAgo: number,
      offset: bigint,
    ) =>
      routed(
        routedInvalid(original, reason, { offset, routedAtMs: now - hoursAgo * HOUR }),
        now - hoursAgo * HOUR,
      );
    const selected = {
      a: reading("cust-a"),
      b: reading("cust-b"),
      noKey: reading("cust-a", 300, null),
      binary: { key: bytes("cust-a"), value: new Uint8Array([0xff, 0xfe, 0x00, 0x7b]) },
    };
    const first = invalid(selected.a, "HEART_RATE_OUT_OF_RANGE", 2, 10n);
    await publisher.publish(topics.invalid, [
      // Before --since, published first: the offsets-for-times seek skips it unread.
      invalid(reading("cust-a"), "HEART_RATE_OUT_OF_RANGE", 5, 1n),
      first,
      invalid(selected.b, "HEART_RATE_OUT_OF_RANGE", 1, 11n),
      invalid(selected.noKey, "MISSING_KEY", 1, 12n),
      invalid(selected.binary, "INVALID_UTF8", 1, 13n),
      invalid({ key: bytes("cust-a"), value: bytes("{not json") }, "INVALID_JSON", 1, 14n),
      invalid(
        { key: bytes("cust-a"), value: new Uint8Array(70_000).fill(0x20) },
        "HEART_RATE_OUT_OF_RANGE",
        1,
        15n,
      ),
      invalid(reading("cust-c"), "HEART_RATE_OUT_OF_RANGE", 1, 16n),
      { ...first, timestampMs: now - HOUR / 2 }, // the same source routed again
      invalid(reading("cust-a"), "HEART_RATE_OUT_OF_RANGE", 0.05, 17n), // after --until
    ]);
    const result = await runTask("redrive", [
      "--from=invalid",
      `--since=${new Date(now - 3 * HOUR).toISOString()}`,
      `--until=${new Date(now - HOUR / 6).toISOString()}`,
      ...["HEART_RATE_OUT_OF_RANGE", "MISSING_KEY", "INVALID_UTF8"].flatMap((r) => ["--reason", r]),
      ...["cust-a", "cust-b"].flatMap((c) => ["--customer", c]),
    ], env);
    assert.equal(result.code, 0, result.stderr);
    const out = result.stdout;
    assert.match(out, new RegExp(`^redrive ${topics.invalid} -> ${topics.raw}\n`));
    assert.match(out, /\nscanned +9 /);
    assert.match(out, /\nmatched +6 /);
    assert.match(out, /\nrepublished +4 /);
    assert.match(out, /\nskipped +2 +VALUE_TRUNCATED 1, DUPLICATE 1\n/);

    const republished = [...(await readAll(kafka, admin, topics.raw)).values()].flat();
    const got = republished.map((r) => `${hex(r.key)} ${hex(r.value)}`).sort();
    const expected = Object.values(selected).map((o) => `${hex(o.key)} ${hex(o.value)}`).sort();
    assert.deepEqual(got, expected);
  });
});

Deno.test("redrive: bad flags fail with one line saying what is expected, before touching Kafka", async () => {
  const result = await runTask("redrive", ["--from", "raw", "--since", "soon"], {
    KAFKA_BOOTSTRAP_SERVERS: "127.0.0.1:1",
  });
  assert.equal(result.code, 1);
  const lines = result.stderr.trim().split("\n");
  assert.equal(lines.length, 1, result.stderr);
  assert.match(
    lines[0]!,
    /^error: Invalid arguments: --from "raw": expected dlq or invalid; --since "soon": expected an ISO 8601 time/,
  );
});
