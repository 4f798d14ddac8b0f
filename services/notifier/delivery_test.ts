/**
 * The delivery loop against a real local receiver that fails the first attempts. Waiting is
 * injected: the delays are recorded instead of slept, so the whole schedule runs at once.
 */
import assert from "node:assert/strict";
import { alertEvent } from "./_test_events.ts";
import { type ReceiverScript, startReceiver, statuses } from "./_test_receiver.ts";
import { deliver, type DeliveryDeps } from "./delivery.ts";
import { decideNotification, type Notification } from "./notification.ts";
import { createWebhookSender } from "./webhook.ts";

function notification(): Notification {
  const decision = decideNotification(alertEvent());
  assert.ok(decision.notify);
  return decision.notification;
}

async function withReceiver(
  script: ReceiverScript,
  run: (deps: DeliveryDeps, waits: number[], url: string) => Promise<void>,
  timeoutMs = 2000,
) {
  const receiver = startReceiver(script);
  const waits: number[] = [];
  try {
    await run(
      {
        send: createWebhookSender({ url: receiver.url, timeoutMs }),
        backoff: { initialMs: 500, maxMs: 60_000 },
        wait: (ms) => {
          waits.push(ms);
          return Promise.resolve(true);
        },
        signal: new AbortController().signal,
        random: () => 0.999_999,
        now: () => Date.parse("2026-11-24T10:00:00Z"),
      },
      waits,
      receiver.url,
    );
    if (receiver.requests.length > 0) {
      const keys = new Set(receiver.requests.map((r) => r.headers.get("idempotency-key")));
      assert.equal(keys.size, 1, "every attempt carries the same Idempotency-Key");
    }
  } finally {
    await receiver.close();
  }
}

Deno.test("deliver: 503, 503, then 200 is delivered at the third attempt after 0.5 s and 1 s", async () => {
  await withReceiver(statuses(503, 503, 200), async (deps, waits) => {
    const attempts: string[] = [];
    const outcome = await deliver(notification(), {
      ...deps,
      onAttempt: (result, verdict) =>
        attempts.push(`${result.kind === "response" ? result.status : result.kind} ${verdict}`),
    });
    assert.deepEqual(outcome, { outcome: "delivered", attempts: 3, status: 200 });
    assert.deepEqual(waits, [500, 1000]);
    assert.deepEqual(attempts, ["503 retry", "503 retry", "200 delivered"]);
  });
});

Deno.test("deliver: a timeout is retried like an outage", async () => {
  const script: ReceiverScript = (request) =>
    request.n === 1
      ? new Promise((resolve) => setTimeout(() => resolve(new Response("late")), 300))
      : new Response(null, { status: 202 });
  await withReceiver(script, async (deps, waits) => {
    const kinds: string[] = [];
    const outcome = await deliver(notification(), {
      ...deps,
      onAttempt: (result) => kinds.push(result.kind),
    });
    assert.deepEqual(outcome, { outcome: "delivered", attempts: 2, status: 202 });
    assert.deepEqual(kinds, ["timeout", "response"]);
    assert.deepEqual(waits, [500]);
  }, 100);
});

Deno.test("deliver: a 400 is a final refusal after one attempt, with the receiver's words", async () => {
  const script: ReceiverScript = () => new Response('{"error":"unknown rule"}', { status: 400 });
  await withReceiver(script, async (deps, waits) => {
    assert.deepEqual(await deliver(notification(), deps), {
      outcome: "refused",
      attempts: 1,
      status: 400,
      detail: '{"error":"unknown rule"}',
    });
    assert.deepEqual(waits, []);
  });
});

Deno.test("deliver: 429 with Retry-After waits as asked; 408 is retried too", async () => {
  const script: ReceiverScript = (request) =>
    request.n === 1
      ? new Response(null, { status: 429, headers: { "retry-after": "7" } })
      : request.n === 2
      ? new Response(null, { status: 408 })
      : new Response(null, { status: 200 });
  await withReceiver(script, async (deps, waits) => {
    assert.deepEqual(await deliver(notification(), deps), {
      outcome: "delivered",
      attempts: 3,
      status: 200,
    });
    assert.deepEqual(waits, [7000, 1000]);
  });
});

Deno.test("deliver: a long outage backs off to the cap and keeps trying until the receiver is back", async () => {
  await withReceiver(statuses(...Array(12).fill(500), 200), async (deps, waits) => {
    const outcome = await deliver(notification(), deps);
    assert.deepEqual(outcome, { outcome: "delivered", attempts: 13, status: 200 });
    assert.deepEqual(waits, [
      500,
      1000,
      2000,
      4000,
      8000,
      16_000,
      32_000,
      60_000,
      60_000,
      60_000,
      60_000,
      60_000,
    ]);
  });
});

Deno.test("deliver: a wait cut short (shutdown) ends the delivery unsettled", async () => {
  await withReceiver(statuses(503), async (deps, waits) => {
    let allowed = 2;
    const outcome = await deliver(notification(), {
      ...deps,
      wait: (ms) => {
        waits.push(ms);
        return Promise.resolve(--allowed > 0);
      },
    });
    assert.deepEqual(outcome, { outcome: "aborted", attempts: 2 });
  });
});
