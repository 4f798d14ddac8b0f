import assert from "node:assert/strict";
import { alertEvent } from "./_test_events.ts";
import { startReceiver, statuses } from "./_test_receiver.ts";
import { decideNotification, type Notification } from "./notification.ts";
import { verifySignature } from "./signature.ts";
import { createWebhookSender } from "./webhook.ts";

const secret = "test-secret-0123456789abcdef";

function notification(): Notification {
  const decision = decideNotification(alertEvent());
  assert.ok(decision.notify);
  return decision.notification;
}

Deno.test("webhook: POSTs the JSON body with Idempotency-Key, event, content type and a verifiable signature", async () => {
  const receiver = startReceiver(statuses(200));
  try {
    const send = createWebhookSender({ url: receiver.url, secret, timeoutMs: 2000 });
    const n = notification();
    const result = await send(n, new AbortController().signal);
    assert.deepEqual(result, { kind: "response", status: 200, retryAfter: null, detail: "" });
    const [request] = receiver.requests;
    assert.ok(request);
    assert.equal(request.method, "POST");
    assert.equal(request.path, "/hook");
    assert.equal(request.body, n.body);
    assert.equal(request.headers.get("content-type"), "application/json");
    assert.equal(request.headers.get("idempotency-key"), `${alertEvent().alert_id}:2`);
    assert.equal(request.headers.get("heartbeat-event"), "alert.firing");
    assert.equal(request.headers.get("user-agent"), "heartbeat-notifier/1");
    const signature = request.headers.get("heartbeat-signature");
    assert.equal(await verifySignature(secret, signature, request.body, Date.now() / 1000), true);
  } finally {
    await receiver.close();
  }
});

Deno.test("webhook: without a secret there is no signature header", async () => {
  const receiver = startReceiver(statuses(204));
  try {
    const send = createWebhookSender({ url: receiver.url, timeoutMs: 2000 });
    const result = await send(notification(), new AbortController().signal);
    assert.equal(result.kind === "response" && result.status, 204);
    assert.equal(receiver.requests[0]?.headers.get("heartbeat-signature"), null);
  } finally {
    await receiver.close();
  }
});

Deno.test("webhook: an error answer reports its status, Retry-After and the start of its body", async () => {
  const receiver = startReceiver(() =>
    new Response(`overloaded ${"x".repeat(10_000)}`, {
      status: 503,
      headers: { "retry-after": "7" },
    })
  );
  try {
    const send = createWebhookSender({ url: receiver.url, timeoutMs: 2000 });
    const result = await send(notification(), new AbortController().signal);
    assert.ok(result.kind === "response");
    assert.equal(result.status, 503);
    assert.equal(result.retryAfter, "7");
    assert.match(result.detail, /^overloaded x+…$/);
    assert.ok(result.detail.length <= 257);
  } finally {
    await receiver.close();
  }
});

Deno.test("webhook: a receiver slower than the time limit is a timeout", async () => {
  const receiver = startReceiver(() =>
    new Promise((resolve) => setTimeout(() => resolve(new Response("late")), 400))
  );
  try {
    const send = createWebhookSender({ url: receiver.url, timeoutMs: 100 });
    const started = performance.now();
    assert.deepEqual(await send(notification(), new AbortController().signal), { kind: "timeout" });
    assert.ok(performance.now() - started < 390, "gave up at the limit, not at the answer");
  } finally {
    await receiver.close();
  }
});

Deno.test("webhook: nobody listening is a network error, quoted without the URL's path; a cancelled attempt is aborted", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const url = `http://127.0.0.1:${port}/hook/tok3n`;
  const send = createWebhookSender({ url, timeoutMs: 2000 });
  const result = await send(notification(), new AbortController().signal);
  assert.equal(result.kind, "network");
  assert.ok(result.kind === "network" && result.message.length > 0);
  assert.doesNotMatch(JSON.stringify(result), /tok3n/, "the URL's path (a token) is not quoted");
  const cancelled = new AbortController();
  cancelled.abort();
  assert.deepEqual(await send(notification(), cancelled.signal), { kind: "aborted" });
});

Deno.test("webhook: redirects are not followed (the 3xx itself is the answer)", async () => {
  const receiver = startReceiver((request) =>
    request.path === "/hook"
      ? new Response(null, { status: 302, headers: { location: "/elsewhere" } })
      : new Response(null, { status: 200 })
  );
  try {
    const send = createWebhookSender({ url: receiver.url, timeoutMs: 2000 });
    const result = await send(notification(), new AbortController().signal);
    assert.equal(result.kind === "response" && result.status, 302);
    assert.equal(receiver.requests.length, 1);
  } finally {
    await receiver.close();
  }
});
