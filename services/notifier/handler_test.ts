/**
 * The batch handler end to end within one process: a real local receiver, the real sender
 * and delivery loop, a fake broker (publish and the batch context) and injected sleep.
 */
import assert from "node:assert/strict";
import type { BatchContext, PartitionBatch } from "../../shared/kafka/mod.ts";
import { createLogger } from "../../shared/observability/mod.ts";
import { DlqEventSchema, InvalidEventSchema } from "../../shared/contract/mod.ts";
import { decodeBase64 } from "../../shared/encoding/base64.ts";
import { alertEvent, alertLifecycle, alertRecord } from "./_test_events.ts";
import { startReceiver } from "./_test_receiver.ts";
import { createNotifierHandler, type NotifierHandlerDeps } from "./handler.ts";
import { createNotifierMetrics } from "./metrics.ts";
import { RecentKeys } from "./recent_keys.ts";
import { createWebhookSender } from "./webhook.ts";
import { WebhookHealth } from "./webhook_health.ts";

const ALERT_A = "11111111-1111-5111-8111-111111111111";
const ALERT_B = "22222222-2222-5222-8222-222222222222";

interface Harness {
  readonly deps: NotifierHandlerDeps;
  readonly published: { topic: string; key: string; value: Record<string, unknown> }[];
  readonly slept: number[];
  readonly context: BatchContext & { heartbeats: number; running: boolean };
  readonly controller: AbortController;
}

function harness(url: string, over: Partial<NotifierHandlerDeps> = {}): Harness {
  const published: Harness["published"] = [];
  const slept: number[] = [];
  const controller = new AbortController();
  const context = {
    memberId: "m1",
    heartbeats: 0,
    running: true,
    logStartOffset: () => Promise.resolve(0n),
    heartbeat() {
      this.heartbeats++;
      return Promise.resolve();
    },
    isRunning() {
      return this.running;
    },
  };
  const deps: NotifierHandlerDeps = {
    group: "heartbeat-notifier",
    topics: { invalid: "events.invalid.v1", dlq: "events.dlq.v1" },
    publish: (topic, messages) => {
      for (const m of messages) {
        const key = typeof m.key === "string" ? m.key : new TextDecoder().decode(m.key);
        published.push({ topic, key, value: JSON.parse(m.value) });
      }
      return Promise.resolve();
    },
    send: createWebhookSender({ url, timeoutMs: 2000 }),
    backoff: { initialMs: 500, maxMs: 60_000 },
    recent: new RecentKeys(1000),
    health: new WebhookHealth(3),
    metrics: createNotifierMetrics(),
    log: createLogger("notifier", "error", () => {}),
    signal: controller.signal,
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
    heartbeatEveryMs: 2500,
    random: () => 0.999_999,
    ...over,
  };
  return { deps, published, slept, context, controller };
}

function batch(records: ReturnType<typeof alertRecord>[]): PartitionBatch {
  return { topic: "alerts.v1", partition: 3, records, highWatermark: BigInt(records.length) };
}

const keysOf = (requests: { headers: Headers }[]) =>
  requests.map((r) => r.headers.get("idempotency-key"));

Deno.test("handler: notifies firing and resolved once each, in order, after the receiver's first failures", async () => {
  // 503, 503, then 200 for every request after.
  const receiver = startReceiver((r) => new Response(null, { status: r.n <= 2 ? 503 : 200 }));
  try {
    const h = harness(receiver.url);
    const [pendingA, firingA, resolvedA] = alertLifecycle(ALERT_A, "cust-a");
    const [pendingB, firingB] = alertLifecycle(ALERT_B, "cust-a");
    const records = [pendingA!, firingA!, firingA!, pendingB!, resolvedA!, firingB!, resolvedA!]
      .map((event, offset) => alertRecord(event, 100 + offset));
    const result = await createNotifierHandler(h.deps)(batch(records), h.context);
    assert.deepEqual(result, { kind: "done", nextOffset: 107n });
    const successful = receiver.requests.slice(2);
    assert.deepEqual(keysOf(successful), [`${ALERT_A}:2`, `${ALERT_A}:3`, `${ALERT_B}:2`]);
    assert.deepEqual(keysOf(receiver.requests.slice(0, 2)), [`${ALERT_A}:2`, `${ALERT_A}:2`]);
    assert.deepEqual(
      successful.map((r) => r.headers.get("heartbeat-event")),
      ["alert.firing", "alert.resolved", "alert.firing"],
    );
    // The waits: 0.5 s then 1 s, each one heartbeat slice, a heartbeat after each.
    assert.deepEqual(h.slept, [500, 1000]);
    assert.equal(h.context.heartbeats, 2);
    assert.deepEqual(h.published, []);
    const text = await h.deps.metrics.registry.metrics();
    assert.match(text, /heartbeat_notifications_total\{outcome="delivered",service="notifier"\} 3/);
    assert.match(text, /heartbeat_notifications_total\{outcome="duplicate",service="notifier"\} 2/);
    assert.match(text, /heartbeat_notifications_total\{outcome="skipped",service="notifier"\} 2/);
    assert.match(text, /heartbeat_webhook_attempts_total\{result="5xx",service="notifier"\} 2/);
    assert.match(text, /heartbeat_webhook_attempts_total\{result="2xx",service="notifier"\} 3/);
    assert.match(text, /heartbeat_webhook_retry_backlog\{partition="3",service="notifier"\} 0/);
  } finally {
    await receiver.close();
  }
});

Deno.test("handler: a refusal goes to the dead-letter topic with the reason, and the partition moves on", async () => {
  const refused = `${ALERT_B}:2`;
  const receiver = startReceiver((r) =>
    r.headers.get("idempotency-key") === refused
      ? new Response("unknown customer", { status: 422 })
      : new Response(null, { status: 200 })
  );
  try {
    const h = harness(receiver.url);
    const firingB = alertEvent({ alert_id: ALERT_B, customer_id: "cust-b" });
    const firingA = alertEvent({ alert_id: ALERT_A, customer_id: "cust-a" });
    const result = await createNotifierHandler(h.deps)(
      batch([alertRecord(firingB, 0), alertRecord(firingA, 1), alertRecord(firingB, 2)]),
      h.context,
    );
    assert.deepEqual(result, { kind: "done", nextOffset: 3n });
    assert.deepEqual(keysOf(receiver.requests), [refused, `${ALERT_A}:2`]);
    assert.equal(h.published.length, 1, "the repeat of the refused transition is not re-sent");
    const [dlq] = h.published;
    assert.equal(dlq!.topic, "events.dlq.v1");
    assert.equal(dlq!.key, "cust-b");
    const event = DlqEventSchema.parse(dlq!.value);
    assert.equal(event.error.code, "WEBHOOK_REFUSED_422");
    assert.match(
      event.error.message,
      /answered 422 to alert\.firing .*\(unknown customer\): a final refusal/,
    );
    assert.equal(event.attempts, 1);
    assert.equal(event.consumer_group, "heartbeat-notifier");
    assert.deepEqual(
      JSON.parse(new TextDecoder().decode(decodeBase64(event.source.value_b64!))),
      firingB,
      "the record's exact value, for a re-send",
    );
    assert.deepEqual([event.source.topic, event.source.partition, event.source.offset], [
      "alerts.v1",
      3,
      "0",
    ]);
  } finally {
    await receiver.close();
  }
});

Deno.test("handler: a record that is not our contract goes to the invalid topic with its reason code", async () => {
  const receiver = startReceiver(() => new Response(null, { status: 200 }));
  try {
    const h = harness(receiver.url);
    const firing = alertEvent({ alert_id: ALERT_A, customer_id: "cust-a" });
    const result = await createNotifierHandler(h.deps)(
      batch([alertRecord("not json", 0, "cust-a"), alertRecord(firing, 1, "cust-z")]),
      h.context,
    );
    assert.deepEqual(result, { kind: "done", nextOffset: 2n });
    assert.equal(receiver.requests.length, 0);
    const reasons = h.published.map((p) => {
      assert.equal(p.topic, "events.invalid.v1");
      return InvalidEventSchema.parse(p.value).reason_code;
    });
    assert.deepEqual(reasons, ["INVALID_JSON", "KEY_MISMATCH"]);
  } finally {
    await receiver.close();
  }
});

Deno.test("handler: while the receiver is down it holds the partition, heartbeating, and reports unhealthy", async () => {
  const receiver = startReceiver(() => new Response(null, { status: 503 }));
  try {
    let stopAfter = 6;
    const backlog: number[] = [];
    const h = harness(receiver.url, {
      backoff: { initialMs: 4000, maxMs: 8000 },
      health: new WebhookHealth(2),
    });
    // Sleep is injected: record the slices, and SIGTERM arrives during the 6th.
    const deps: NotifierHandlerDeps = {
      ...h.deps,
      sleep: async (ms) => {
        h.slept.push(ms);
        backlog.push((await h.deps.metrics.retryBacklog.get()).values[0]?.value ?? -1);
        if (--stopAfter === 0) h.controller.abort();
      },
    };
    const [, firingA, resolvedA] = alertLifecycle(ALERT_A, "cust-a");
    const result = await createNotifierHandler(deps)(
      batch([alertRecord(firingA!, 40), alertRecord(resolvedA!, 41)]),
      h.context,
    );
    assert.deepEqual(result, { kind: "done", nextOffset: 40n }, "nothing settled: resume at 40");
    assert.deepEqual(keysOf(receiver.requests), Array(2).fill(`${ALERT_A}:2`));
    // Waits of 4 s then 8 s, sliced into heartbeat intervals of at most 2.5 s.
    assert.deepEqual(h.slept, [2500, 1500, 2500, 2500, 2500, 500]);
    assert.equal(h.context.heartbeats, 6);
    assert.deepEqual(backlog, Array(6).fill(2), "while retrying: the record and the one behind");
    assert.equal(deps.health.check().ok, false);
    assert.match(deps.health.check().detail ?? "", /^2 attempts in a row failed/);
    const text = await deps.metrics.registry.metrics();
    assert.match(text, /heartbeat_webhook_consecutive_failures\{service="notifier"\} 2/);
    assert.match(text, /heartbeat_webhook_retry_backlog\{partition="3",service="notifier"\} 0/);
  } finally {
    await receiver.close();
  }
});

Deno.test("handler: a failed heartbeat (rebalance) stops holding the batch at the unsettled record", async () => {
  const receiver = startReceiver((r) => new Response(null, { status: r.n === 2 ? 500 : 200 }));
  try {
    const h = harness(receiver.url);
    h.context.heartbeat = () => Promise.reject(new Error("The group is rebalancing"));
    const [, firingA, resolvedA] = alertLifecycle(ALERT_A, "cust-a");
    const firingB = alertEvent({ alert_id: ALERT_B, customer_id: "cust-a" });
    const handler = createNotifierHandler(h.deps);
    const first = await handler(
      batch([alertRecord(firingA!, 7), alertRecord(resolvedA!, 8), alertRecord(firingB, 9)]),
      h.context,
    );
    assert.deepEqual(first, { kind: "done", nextOffset: 8n });
    // Fetched again from 8 (as kafkajs does after a partial resolve): 7 is not re-sent.
    h.context.heartbeat = () => Promise.resolve();
    const again = await handler(
      batch([alertRecord(firingA!, 7), alertRecord(resolvedA!, 8), alertRecord(firingB, 9)]),
      h.context,
    );
    assert.deepEqual(again, { kind: "done", nextOffset: 10n });
    assert.deepEqual(keysOf(receiver.requests), [
      `${ALERT_A}:2`,
      `${ALERT_A}:3`,
      `${ALERT_A}:3`,
      `${ALERT_B}:2`,
    ]);
  } finally {
    await receiver.close();
  }
});

Deno.test("handler: a failing publish throws, so kafkajs retries the batch; delivered ones are not re-sent", async () => {
  const receiver = startReceiver(() => new Response(null, { status: 200 }));
  try {
    let brokerUp = false;
    const h = harness(receiver.url);
    const deps: NotifierHandlerDeps = {
      ...h.deps,
      publish: (topic, messages) =>
        brokerUp ? h.deps.publish(topic, messages) : Promise.reject(new Error("broker down")),
    };
    const firing = alertEvent({ alert_id: ALERT_A, customer_id: "cust-a" });
    const records = [alertRecord(firing, 0), alertRecord("{", 1, "cust-a")];
    const handler = createNotifierHandler(deps);
    await assert.rejects(() => handler(batch(records), h.context), /broker down/);
    brokerUp = true;
    assert.deepEqual(await handler(batch(records), h.context), { kind: "done", nextOffset: 2n });
    assert.deepEqual(keysOf(receiver.requests), [`${ALERT_A}:2`]);
    assert.equal(h.published.length, 1);
  } finally {
    await receiver.close();
  }
});

Deno.test("handler: heartbeats while a slow attempt is in flight, not only between attempts", async () => {
  const receiver = startReceiver(() =>
    new Promise((resolve) => setTimeout(() => resolve(new Response(null, { status: 200 })), 300))
  );
  try {
    const h = harness(receiver.url, { heartbeatEveryMs: 50 });
    const firing = alertEvent({ alert_id: ALERT_A, customer_id: "cust-a" });
    const result = await createNotifierHandler(h.deps)(batch([alertRecord(firing, 0)]), h.context);
    assert.deepEqual(result, { kind: "done", nextOffset: 1n });
    assert.ok(h.context.heartbeats >= 3, `${h.context.heartbeats} heartbeats in 300 ms`);
  } finally {
    await receiver.close();
  }
});
