/**
 * `deno task notifier` as a real process with its task's narrow permissions, against the
 * test stack's broker and a real local webhook receiver that is down at first: alert
 * transitions on a fresh alerts topic reach the receiver once each (by Idempotency-Key), in
 * order per customer, signed; nothing is skipped while the receiver is down (no offset
 * committed, /healthz unhealthy); a refusal goes to the dead-letter topic and a malformed
 * record to the invalid topic; offsets are committed, so a restart re-sends nothing settled.
 */
import assert from "node:assert/strict";
import { DlqEventSchema, InvalidEventSchema } from "../../shared/contract/mod.ts";
import type { AlertEvent } from "../../shared/contract/alert_event.ts";
import {
  type Admin,
  connectAdmin,
  connectPublisher,
  createKafka,
  ensureTopics,
  readTopicSnapshot,
} from "../../shared/kafka/mod.ts";
import { alertEvent } from "../../services/notifier/_test_events.ts";
import { startReceiver } from "../../services/notifier/_test_receiver.ts";
import { verifySignature } from "../../services/notifier/signature.ts";
import { eventually, freePort, startService } from "../../scripts/chaos/processes.ts";
import { testConfig, uniqueName } from "../_support/env.ts";

const config = testConfig();
const SECRET = "it-notifier-secret-0123456789";

/** One customer's transitions: an alert that fires and resolves (its firing published twice,
 * as after a detector crash), and one that resolves without firing. */
function transitionsOf(customer: string): { events: AlertEvent[]; notified: string[] } {
  const a = crypto.randomUUID();
  const b = crypto.randomUUID();
  const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 10, 0, s)).toISOString();
  const base = { customer_id: customer, opened_at: at(0), detected_at: at(59) };
  const events = [
    alertEvent({ ...base, alert_id: a, seq: 1, from_status: null, status: "pending", at: at(1) }),
    alertEvent({ ...base, alert_id: b, seq: 1, from_status: null, status: "pending", at: at(2) }),
    alertEvent({
      ...base,
      alert_id: a,
      seq: 2,
      from_status: "pending",
      status: "firing",
      at: at(3),
    }),
    alertEvent({
      ...base,
      alert_id: a,
      seq: 2,
      from_status: "pending",
      status: "firing",
      at: at(3),
    }),
    alertEvent({
      ...base,
      alert_id: b,
      seq: 2,
      from_status: "pending",
      status: "resolved",
      at: at(4),
    }),
    alertEvent({
      ...base,
      alert_id: a,
      seq: 3,
      from_status: "firing",
      status: "resolved",
      at: at(5),
    }),
  ];
  return { events, notified: [`${a}:2`, `${a}:3`] };
}

async function committedTotal(admin: Admin, group: string, topic: string): Promise<number> {
  const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

async function endTotal(admin: Admin, topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
}

Deno.test("notifier: each firing/resolved delivered once, in order per customer, across a receiver outage; offsets committed", async () => {
  const kafka = createKafka(config.kafka);
  const admin = await connectAdmin(kafka, config.kafka);
  const id = uniqueName("it.notifier");
  const topics = { alerts: `${id}.alerts`, invalid: `${id}.invalid`, dlq: `${id}.dlq` };
  const group = `${id}.group`;
  await ensureTopics(admin, [
    { name: topics.alerts, partitions: 3 },
    { name: topics.invalid, partitions: 1 },
    { name: topics.dlq, partitions: 1 },
  ]);
  const publisher = await connectPublisher(kafka);

  const customers = [0, 1, 2, 3].map((i) => `${id}-cust-${i}`);
  const plans = customers.map(transitionsOf);
  const refused = plans[1]!.notified[1]!; // the receiver refuses customer 1's "resolved"
  // The receiver: down (503) until `up`; then it refuses one key with 400 and accepts the
  // rest, dropping repeats by Idempotency-Key as a receiver should.
  let up = false;
  const answers: { key: string; status: number; at: number }[] = [];
  const accepted: string[] = [];
  const repeats: string[] = [];
  const receiver = startReceiver((request) => {
    const key = request.headers.get("idempotency-key") ?? "";
    const status = !up ? 503 : key === refused ? 400 : 200;
    answers.push({ key, status, at: request.n });
    if (status === 200) (accepted.includes(key) ? repeats : accepted).push(key);
    return new Response(status === 400 ? "unknown customer" : null, { status });
  });
  const port = freePort();
  const env = {
    KAFKA_BOOTSTRAP_SERVERS: config.kafka.brokers.join(","),
    KAFKA_CLIENT_ID: id,
    TOPIC_ALERTS: topics.alerts,
    TOPIC_INVALID: topics.invalid,
    TOPIC_DLQ: topics.dlq,
    NOTIFIER_GROUP_ID: group,
    NOTIFIER_METRICS_PORT: String(port),
    ALERT_WEBHOOK_URL: receiver.url,
    ALERT_WEBHOOK_SECRET: SECRET,
    NOTIFIER_BACKOFF_INITIAL_MS: "50",
    NOTIFIER_BACKOFF_MAX_MS: "250",
    NOTIFIER_UNHEALTHY_AFTER: "3",
    HEALTH_PROBE_INTERVAL_S: "1",
    LOG_LEVEL: "debug",
  };
  let notifier = startService("notifier", env);
  const describe = () =>
    `answers: ${JSON.stringify(answers.slice(-12))}\n${notifier.lines.slice(-25).join("\n")}`;
  const healthz = async () => {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    return response ? { status: response.status, body: await response.text() } : undefined;
  };
  try {
    const messages = plans.flatMap((plan) =>
      plan.events.map((event) => ({ key: event.customer_id, value: JSON.stringify(event) }))
    );
    messages.splice(2, 0, { key: customers[0]!, value: "{ not an alert" });
    await publisher.publish(topics.alerts, messages);
    const end = await endTotal(admin, topics.alerts);
    assert.equal(end, messages.length);

    // 1. The receiver is down: attempts fail, /healthz turns unhealthy, nothing is committed.
    await eventually(
      async () => {
        if (notifier.hasExited()) throw new Error(`notifier exited:\n${describe()}`);
        const health = await healthz();
        return health?.status === 503 && health.body.includes('"webhook":{"ok":false');
      },
      60_000,
      describe,
    );
    assert.ok(answers.length >= 3 && answers.every((a) => a.status === 503));
    assert.equal(await committedTotal(admin, group, topics.alerts), 0, "no offset committed");

    // 2. The receiver is back: everything is settled, in order, and committed.
    up = true;
    const expected = plans.flatMap((p) => p.notified).filter((key) => key !== refused);
    await eventually(
      async () =>
        accepted.length >= expected.length &&
        await committedTotal(admin, group, topics.alerts) === end,
      60_000,
      describe,
    );
    assert.deepEqual([...accepted].sort(), [...expected].sort(), "each notification once");
    assert.deepEqual(repeats, [], "the repeated firing was dropped by the notifier itself");
    assert.deepEqual(answers.filter((a) => a.status === 400).map((a) => a.key), [refused]);
    for (const plan of plans) {
      const order = answers.filter((a) => a.status !== 503 && plan.notified.includes(a.key))
        .map((a) => a.key);
      assert.deepEqual(order, plan.notified, "one customer's transitions in their order");
    }
    const never = plans.flatMap((p) => p.events).filter((e) => e.status === "pending")
      .map((e) => `${e.alert_id}:${e.seq}`);
    assert.ok(answers.every((a) => !never.includes(a.key)), "pending is never notified");
    for (const request of receiver.requests) {
      const signature = request.headers.get("heartbeat-signature");
      assert.ok(await verifySignature(SECRET, signature, request.body, Date.now() / 1000));
      assert.equal(request.headers.get("content-type"), "application/json");
    }
    let health = await healthz();
    await eventually(
      async () => (health = await healthz())?.status === 200,
      10_000,
      () => `last /healthz: ${JSON.stringify(health)}\n${describe()}`,
    );

    // 3. The refusal is in the dead-letter topic, the malformed record in the invalid topic.
    const routed = async (topic: string) => {
      const values: unknown[] = [];
      await readTopicSnapshot({
        kafka,
        admin,
        topic,
        groupId: `${id}.read.${topic.slice(-3)}`,
        onRecords: (_, records) => {
          for (const r of records) values.push(JSON.parse(new TextDecoder().decode(r.value!)));
          return Promise.resolve();
        },
      });
      return values;
    };
    const [dead] = (await routed(topics.dlq)).map((v) => DlqEventSchema.parse(v));
    assert.equal(dead?.error.code, "WEBHOOK_REFUSED_400");
    assert.match(dead?.error.message ?? "", /answered 400 to alert\.resolved .*unknown customer/);
    assert.deepEqual([dead?.source.topic, dead?.consumer_group], [topics.alerts, group]);
    const invalid = (await routed(topics.invalid)).map((v) => InvalidEventSchema.parse(v));
    assert.deepEqual(invalid.map((i) => i.reason_code), ["INVALID_JSON"]);

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    assert.match(metrics, /heartbeat_notifications_total\{outcome="delivered"[^}]*\} 7\n/);
    assert.match(metrics, /heartbeat_notifications_total\{outcome="refused"[^}]*\} 1\n/);
    assert.match(metrics, /heartbeat_notifications_total\{outcome="duplicate"[^}]*\} 4\n/);
    assert.match(metrics, /heartbeat_webhook_attempts_total\{result="5xx"[^}]*\} [3-9]/);
    assert.equal(await notifier.stop(), 0, describe());

    // 4. A restart resumes from the committed offsets: only what was published since is sent
    //    (a repeat of a delivered transition too — memory is per process — with its key, which
    //    the receiver drops).
    const next = transitionsOf(customers[2]!);
    const fresh = next.events.slice(2, 3); // a new alert's firing
    const repeat = plans[2]!.events[2]!; // customer 2's firing, delivered before
    await publisher.publish(
      topics.alerts,
      [...fresh, repeat].map((e) => ({ key: e.customer_id, value: JSON.stringify(e) })),
    );
    const before = answers.length;
    notifier = startService("notifier", env);
    await eventually(
      async () => await committedTotal(admin, group, topics.alerts) === end + 2,
      60_000,
      describe,
    );
    assert.deepEqual(
      answers.slice(before).map((a) => a.key),
      [next.notified[0], plans[2]!.notified[0]],
      "nothing settled before the restart is sent again",
    );
    assert.deepEqual(repeats, [plans[2]!.notified[0]], "the receiver dropped the repeat by key");
    assert.equal(await notifier.stop(), 0, describe());
  } finally {
    await notifier.stop();
    await receiver.close();
    await publisher.disconnect();
    await admin.deleteGroups([group]).catch(() => {});
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => {});
    await admin.disconnect();
  }
});

Deno.test("notifier: without ALERT_WEBHOOK_URL it says notifications are off, and how to enable them, and exits 0", async () => {
  const notifier = startService("notifier", {
    ALERT_WEBHOOK_URL: "",
    NOTIFIER_METRICS_PORT: String(freePort()),
  });
  const code = await notifier.exited;
  assert.equal(code, 0, notifier.lines.join("\n"));
  assert.equal(notifier.lines.length, 1, notifier.lines.join("\n"));
  assert.match(notifier.lines[0]!, /notifications are disabled: ALERT_WEBHOOK_URL is not set/);
  assert.match(notifier.lines[0]!, /set ALERT_WEBHOOK_URL=https:/);
});

Deno.test("notifier: a webhook host outside its --allow-net is refused at start, naming the flag", async () => {
  const notifier = startService("notifier", {
    ALERT_WEBHOOK_URL: "https://hooks.example.com/services/tok3n",
    NOTIFIER_METRICS_PORT: String(freePort()),
  });
  const code = await notifier.exited;
  const output = notifier.lines.join("\n");
  assert.equal(code, 1, output);
  assert.match(
    output,
    /^error: Cannot POST to ALERT_WEBHOOK_URL \(https:\/\/hooks\.example\.com\/…\)/m,
  );
  assert.match(output, /--allow-net=127\.0\.0\.1,localhost,hooks\.example\.com:443/);
  assert.doesNotMatch(output, /tok3n/, "the URL's path (often a token) is not printed");
});
