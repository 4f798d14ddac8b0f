/**
 * `deno task notifier`: alert transitions from the alerts topic POSTed to ALERT_WEBHOOK_URL
 * (delivery policy in handler.ts and delivery.ts; headers and signature in webhook.ts and
 * signature.ts). Its own consumer group; Kafka's committed offsets are its progress, as
 * it stores nothing. Without ALERT_WEBHOOK_URL it says notifications are off and exits 0:
 * an idle member would look healthy while notifying nobody. Composition only.
 */
import { loadConfig, sections } from "../../shared/config/mod.ts";
import { runMain } from "../../shared/cli/run_main.ts";
import {
  connectAdmin,
  connectPublisher,
  createKafka,
  startPartitionConsumer,
} from "../../shared/kafka/mod.ts";
import { createLogger, type HealthCheck, serveOps } from "../../shared/observability/mod.ts";
import { onShutdown } from "../../shared/runtime/shutdown.ts";
import { onConsumerCrash } from "../../shared/service/consumer_crash.ts";
import { createNotifierHandler } from "./handler.ts";
import { createNotifierMetrics } from "./metrics.ts";
import { startProbing } from "./probe.ts";
import { RecentKeys } from "./recent_keys.ts";
import { checkWebhookAllowed } from "./permission.ts";
import { createWebhookSender } from "./webhook.ts";
import { WebhookHealth } from "./webhook_health.ts";

/** Alerts are few: small batches keep commits frequent while a slow receiver works through them. */
const FETCH_MAX_BYTES = 64 * 1024;
const MAX_WAIT_MS = 500;
const SESSION_TIMEOUT_MS = 10_000;

await runMain(async () => {
  const config = loadConfig({
    service: sections.service,
    kafka: sections.kafka,
    topics: sections.topics,
    notifier: sections.notifier,
  });
  const log = createLogger("notifier", config.service.logLevel);
  const webhook = config.notifier.webhook;
  if (webhook === undefined) {
    log.warn(
      "notifications are disabled: ALERT_WEBHOOK_URL is not set. To POST alert transitions " +
        "to a webhook, set ALERT_WEBHOOK_URL=https://… (and ALERT_WEBHOOK_SECRET to sign them) " +
        "in .env or the environment, then start the notifier again. Exiting.",
    );
    return 0;
  }
  await checkWebhookAllowed(webhook);
  const topic = config.topics.alerts;
  const group = config.notifier.groupId;
  const metrics = createNotifierMetrics();
  const webhookHealth = new WebhookHealth(config.notifier.unhealthyAfterFailures);
  const health: Record<"kafka" | "consumer", HealthCheck> = {
    kafka: { ok: false, detail: "starting" },
    consumer: { ok: false, detail: "starting" },
  };
  let readiness: Record<string, HealthCheck> = { lag: { ok: false, detail: "starting" } };
  const ops = serveOps(
    config.service.metricsHost,
    config.notifier.metricsPort,
    "NOTIFIER_METRICS_PORT",
    {
      registry: metrics.registry,
      health: () => ({ ...health, webhook: webhookHealth.check() }),
      readiness: () => readiness,
    },
  );
  const kafka = createKafka(
    config.kafka,
    (level, message, extra) => log[level](message, { kafka: extra }),
  );
  const admin = await connectAdmin(kafka, config.kafka);
  const publisher = await connectPublisher(kafka);
  const stopProbing = startProbing(config.service.healthProbeIntervalMs, {
    topicOffsets: async () =>
      (await admin.fetchTopicOffsets(topic)).map((o) => ({
        partition: o.partition,
        low: BigInt(o.low),
        high: BigInt(o.high),
      })),
    committed: async () => {
      const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      return new Map(
        (offsets?.partitions ?? []).filter((p) => Number(p.offset) >= 0)
          .map((p) => [p.partition, BigInt(p.offset)]),
      );
    },
    maxLag: config.service.healthMaxLag,
    timeoutMs: Math.min(config.service.healthProbeIntervalMs, 5000),
  }, (report) => {
    health.kafka = report.kafka;
    readiness = { lag: report.lag };
  });

  const stopping = new AbortController();
  const running = await startPartitionConsumer({
    kafka,
    admin,
    groupId: group,
    topic,
    concurrency: config.notifier.concurrency,
    maxWaitMs: MAX_WAIT_MS,
    sessionTimeoutMs: SESSION_TIMEOUT_MS,
    fetchMaxBytes: FETCH_MAX_BYTES,
    // No database: nothing to fence against or resume from but Kafka's committed offsets.
    recordClaims: () => Promise.resolve(),
    readCheckpoints: () => Promise.resolve(new Map()),
    handler: createNotifierHandler({
      group,
      topics: { invalid: config.topics.invalid, dlq: config.topics.dlq },
      publish: (to, messages) => publisher.publish(to, messages),
      send: createWebhookSender({
        url: webhook.url,
        secret: webhook.secret,
        timeoutMs: config.notifier.timeoutMs,
      }),
      backoff: config.notifier.backoff,
      recent: new RecentKeys(config.notifier.dedupeSize),
      health: webhookHealth,
      metrics,
      log,
      signal: stopping.signal,
      heartbeatEveryMs: Math.floor(SESSION_TIMEOUT_MS / 4),
    }),
    events: {
      rebalanced: (memberId, assignment) => {
        health.consumer = { ok: true, detail: "" };
        log.info("joined group", { memberId, assignment });
      },
      lag: (lagTopic, partition, lag) =>
        metrics.lag.set({ topic: lagTopic, partition: String(partition) }, Number(lag)),
      crashed: onConsumerCrash(log, (check) => health.consumer = check),
    },
  });
  log.info("notifier started", {
    group,
    topic,
    webhook: webhook.target,
    signed: webhook.secret !== undefined,
    metrics: `${config.service.metricsHost}:${config.notifier.metricsPort}`,
  });

  await new Promise<void>((resolve) => {
    onShutdown(async () => {
      stopping.abort(); // attempts in flight and retry waits end now; their records stay unsettled
      stopProbing();
      await running.stop();
      await publisher.disconnect();
      await admin.disconnect();
      await ops.shutdown();
      log.info("notifier stopped");
      resolve();
    }, { log: (msg, fields) => log.info(msg, fields) });
  });
  return 0;
});
