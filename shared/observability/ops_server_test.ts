import assert from "node:assert/strict";
import { createMetrics } from "./metrics.ts";
import { createOpsHandler } from "./ops_server.ts";

Deno.test("ops handler: /metrics exposes the project's metric names in Prometheus text format", async () => {
  const metrics = createMetrics("consumer");
  metrics.dbInserts.inc(3);
  metrics.anomalies.inc({ type: "SPIKE", severity: "medium" });
  const handler = createOpsHandler({ registry: metrics.registry, health: () => ({}) });
  const response = await handler(new Request("http://x/metrics"));
  assert.equal(response.status, 200);
  const text = await response.text();
  assert.match(text, /^heartbeat_db_inserts_total\{service="consumer"\} 3$/m);
  assert.match(
    text,
    /^heartbeat_anomalies_total\{type="SPIKE",severity="medium",service="consumer"\} 1$/m,
  );
  assert.match(text, /^heartbeat_process_resident_memory_bytes\{service="consumer"\} [1-9]\d+$/m);
  for (
    const name of [
      "heartbeat_messages_produced_total",
      "heartbeat_produce_errors_total",
      "heartbeat_messages_consumed_total",
      "heartbeat_invalid_total",
      "heartbeat_dlq_total",
      "heartbeat_batch_size",
      "heartbeat_batch_write_duration_seconds",
      "heartbeat_event_to_stored_seconds",
      "heartbeat_consumer_lag",
    ]
  ) {
    assert.match(text, new RegExp(`^# TYPE ${name} `, "m"), name);
  }
});

Deno.test("ops handler: /healthz is 200 when every check passes and 503 when one fails", async () => {
  let kafkaOk = true;
  const handler = createOpsHandler({
    registry: createMetrics("x").registry,
    health: () => ({ kafka: { ok: kafkaOk }, database: { ok: true } }),
  });
  assert.equal((await handler(new Request("http://x/healthz"))).status, 200);
  kafkaOk = false;
  const response = await handler(new Request("http://x/healthz"));
  assert.equal(response.status, 503);
  assert.deepEqual(await response.json(), {
    status: "unhealthy",
    checks: { kafka: { ok: false }, database: { ok: true } },
  });
});

Deno.test("ops handler: /readyz adds the readiness checks; /livez answers while serving", async () => {
  let lagOk = false;
  const handler = createOpsHandler({
    registry: createMetrics("x").registry,
    health: () => ({ kafka: { ok: true }, database: { ok: true } }),
    readiness: () => ({ lag: { ok: lagOk, detail: "250 records not stored yet" } }),
  });
  const healthz = await handler(new Request("http://x/healthz"));
  assert.equal(healthz.status, 200, "lag does not make a service unhealthy");
  await healthz.body?.cancel();
  const notReady = await handler(new Request("http://x/readyz"));
  assert.equal(notReady.status, 503);
  assert.deepEqual(await notReady.json(), {
    status: "not ready",
    checks: {
      kafka: { ok: true },
      database: { ok: true },
      lag: { ok: false, detail: "250 records not stored yet" },
    },
  });
  lagOk = true;
  const ready = await handler(new Request("http://x/readyz"));
  assert.equal(ready.status, 200);
  await ready.body?.cancel();
  const live = await handler(new Request("http://x/livez"));
  assert.deepEqual([live.status, await live.json()], [200, { status: "alive" }]);
});

Deno.test("ops handler: unknown paths are 404 and other methods 405", async () => {
  const handler = createOpsHandler({ registry: createMetrics("x").registry, health: () => ({}) });
  const notFound = await handler(new Request("http://x/nope"));
  assert.equal(notFound.status, 404);
  await notFound.body?.cancel();
  const post = await handler(new Request("http://x/metrics", { method: "POST" }));
  assert.equal(post.status, 405);
  await post.body?.cancel();
});
