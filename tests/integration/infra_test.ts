/**
 * The local stack as `deno task test` started it (the same code as `deno task infra:up`,
 * on test ports): every part healthy, a second `up` is a no-op, Prometheus loaded the
 * project's scrape configuration, and the spec's topics exist.
 */
import assert from "node:assert/strict";
import { connectAdmin, createKafka, specTopics } from "../../shared/kafka/mod.ts";
import { runTask, stackEnv, testConfig } from "../_support/env.ts";

const config = testConfig();

Deno.test("infra: status shows Kafka, PostgreSQL and Prometheus healthy", async () => {
  const result = await runTask("infra:status", [], stackEnv());
  assert.equal(result.code, 0, result.stdout + result.stderr);
  for (
    const [name, address] of [
      ["Kafka", config.kafka.brokers[0]],
      ["PostgreSQL", `127.0.0.1:${config.database.port}/heartbeat`],
      ["Prometheus", `http://127.0.0.1:${config.infra.prometheusPort}`],
    ]
  ) {
    assert.match(
      result.stdout,
      new RegExp(`^${name}\\s+healthy\\s+${address!.replaceAll(".", "\\.")}\\s+\\d+`, "m"),
    );
  }
});

Deno.test("infra: a second `up` is a no-op that reports already running", async () => {
  const result = await runTask("infra:up", [], stackEnv());
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /^Kafka\s+already running$/m);
  assert.match(result.stdout, /^PostgreSQL\s+already running$/m);
  assert.match(result.stdout, /^Prometheus\s+already running$/m);
  assert.match(result.stdout, /^topics\s+0 created, 5 verified$/m);
  assert.match(result.stdout, /^migrations\s+0 applied, \d+ already applied$/m);
});

Deno.test("infra: the spec's five topics exist with 24/6/6/6/6 partitions", async () => {
  const admin = await connectAdmin(createKafka(config.kafka), config.kafka);
  try {
    const specs = specTopics(config.topics);
    const metadata = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.name) });
    const counts = Object.fromEntries(metadata.topics.map((t) => [t.name, t.partitions.length]));
    assert.deepEqual(counts, {
      "events.raw.v1": 24,
      "events.invalid.v1": 6,
      "events.anomaly.v1": 6,
      "events.dlq.v1": 6,
      "alerts.v1": 6,
    });
  } finally {
    await admin.disconnect();
  }
});

Deno.test("infra: Prometheus is ready and scrapes the five services' metrics ports", async () => {
  const base = `http://127.0.0.1:${config.infra.prometheusPort}`;
  const ready = await fetch(`${base}/-/ready`);
  await ready.body?.cancel();
  assert.equal(ready.status, 200);
  // Prometheus hands discovered targets to its scrapers in 5 s batches: poll until they show.
  let targets: string[] = [];
  for (let attempt = 0; attempt < 100 && targets.length < 5; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    const response = await fetch(`${base}/api/v1/targets`);
    const body = await response.json() as {
      data: { activeTargets: { labels: { job: string }; scrapeUrl: string }[] };
    };
    targets = body.data.activeTargets.map((t) => `${t.labels.job} ${t.scrapeUrl}`).sort();
  }
  assert.deepEqual(targets, [
    "heartbeat-consumer http://127.0.0.1:8001/metrics",
    "heartbeat-detector http://127.0.0.1:8002/metrics",
    "heartbeat-maintainer http://127.0.0.1:8003/metrics",
    "heartbeat-notifier http://127.0.0.1:8004/metrics",
    "heartbeat-producer http://127.0.0.1:8000/metrics",
  ]);
});
