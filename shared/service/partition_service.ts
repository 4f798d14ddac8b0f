/**
 * The skeleton the DB writer and the detector share: connection pool, Kafka clients, the
 * /metrics + /healthz endpoint, the fenced consumer-group loop, health bookkeeping and
 * graceful shutdown (SIGINT/SIGTERM: finish in-flight batches, leave the group, close).
 * A service supplies its batch handler; `main.ts` stays composition only.
 */
import type { DatabaseConfig, KafkaConfig, ServiceConfig } from "../config/mod.ts";
import {
  createSql,
  isConnectionError,
  readCheckpoints,
  readGroupProgress,
  recordClaims,
  type Sql,
  waitForDatabase,
} from "../db/mod.ts";
import {
  type BatchHandler,
  connectAdmin,
  connectPublisher,
  createKafka,
  type Publisher,
  startPartitionConsumer,
} from "../kafka/mod.ts";
import {
  createLogger,
  createMetrics,
  type HealthCheck,
  type Logger,
  type Metrics,
  serveOps,
} from "../observability/mod.ts";
import { onShutdown } from "../runtime/shutdown.ts";
import { type HealthProbeDeps, type HealthReport, probeHealth } from "./health_probe.ts";
import { onConsumerCrash } from "./consumer_crash.ts";

/** What a service's handler may use. */
export interface ServiceDeps {
  readonly sql: Sql;
  readonly publisher: Publisher;
  readonly metrics: Metrics;
  readonly log: Logger;
}

/** How a partition service is set up. */
export interface PartitionServiceOptions {
  readonly name: string;
  readonly service: ServiceConfig;
  readonly kafka: KafkaConfig;
  readonly database: DatabaseConfig;
  readonly topic: string;
  readonly groupId: string;
  readonly metricsPort: number;
  /** The setting that holds metricsPort, for error messages. */
  readonly metricsPortSetting: string;
  readonly concurrency: number;
  readonly maxWaitMs: number;
  readonly sessionTimeoutMs: number;
  readonly fetchMaxBytes: number;
  /** Builds the handler; see {@link ServiceHandler}. */
  readonly createHandler: (deps: ServiceDeps) => ServiceHandler;
}

/** A service's batch handler and its hooks. */
export interface ServiceHandler {
  readonly handle: BatchHandler;
  /** Runs synchronously on every group join, with the member id and its assignment. */
  readonly onRebalance?: (memberId: string, assignment: Record<string, number[]>) => void;
  /** Runs at shutdown before the consumer leaves the group (stop timers, finish work). */
  readonly stop?: () => Promise<void>;
}

/** Starts the service and resolves when it has stopped after a signal. */
export async function runPartitionService(options: PartitionServiceOptions): Promise<void> {
  const log = createLogger(options.name, options.service.logLevel);
  const metrics = createMetrics(options.name);
  // /healthz: can it work (database, broker, consumer loop); /readyz adds bounded lag. The
  // health probe alone writes database and kafka; the consumer events write consumer.
  const health: Record<"database" | "kafka" | "consumer", HealthCheck> = {
    database: { ok: false, detail: "starting" },
    kafka: { ok: false, detail: "starting" },
    consumer: { ok: false, detail: "starting" },
  };
  let readiness: Record<string, HealthCheck> = { lag: { ok: false, detail: "starting" } };

  // Bind the port first: a second instance should fail before it touches Kafka or PostgreSQL.
  const ops = serveOps(
    options.service.metricsHost,
    options.metricsPort,
    options.metricsPortSetting,
    {
      registry: metrics.registry,
      health: () => health,
      readiness: () => readiness,
    },
  );
  const sql = createSql(options.database, {
    applicationName: `heartbeat-${options.name}`,
    max: options.concurrency + 1,
  });
  await waitForDatabase(sql, options.database);
  const kafka = createKafka(
    options.kafka,
    (level, message, extra) => log[level](message, { kafka: extra }),
  );
  const admin = await connectAdmin(kafka, options.kafka);
  const publisher = await connectPublisher(kafka);
  const { handle, onRebalance, stop } = options.createHandler({ sql, publisher, metrics, log });
  const stopProbing = startHealthProbe({
    intervalMs: options.service.healthProbeIntervalMs,
    deps: {
      pingDatabase: () => sql`select 1`,
      topicOffsets: async () =>
        (await admin.fetchTopicOffsets(options.topic)).map((o) => ({
          partition: o.partition,
          low: BigInt(o.low),
          high: BigInt(o.high),
        })),
      progress: () => readGroupProgress(sql, options.groupId, options.topic),
      maxLag: options.service.healthMaxLag,
      timeoutMs: Math.min(options.service.healthProbeIntervalMs, 5000),
    },
    onReport: (report) => {
      health.database = report.checks.database;
      health.kafka = report.checks.kafka;
      readiness = { lag: report.checks.lag };
      if (report.lag !== undefined) metrics.storedLag.set(report.lag);
    },
  });

  const running = await startPartitionConsumer({
    kafka,
    admin,
    groupId: options.groupId,
    topic: options.topic,
    concurrency: options.concurrency,
    maxWaitMs: options.maxWaitMs,
    sessionTimeoutMs: options.sessionTimeoutMs,
    fetchMaxBytes: options.fetchMaxBytes,
    recordClaims: async (claims) => {
      const epoch = await recordClaims(sql, options.groupId, claims);
      log.info("partitions assigned", {
        epoch,
        partitions: claims.length,
        members: new Set(claims.map((c) => c.member)).size,
      });
    },
    readCheckpoints: (topic, partitions, memberId) =>
      readCheckpoints(sql, options.groupId, topic, partitions, memberId),
    handler: async (batch, context) => {
      // A database outage is waited out here, holding the batch: the partition fetches
      // nothing more (bounded memory), nothing is dead-lettered, the member keeps its
      // partitions (heartbeats continue), and the batch is written when the database is back.
      let delayMs = 500;
      while (true) {
        try {
          return await handle(batch, context);
        } catch (error) {
          if (!isConnectionError(error) || !context.isRunning()) {
            log.warn("batch failed; kafkajs retries it with backoff", {
              topic: batch.topic,
              partition: batch.partition,
              error,
            });
            throw error;
          }
          log.warn("database unavailable: holding the batch and retrying", {
            partition: batch.partition,
            delayMs,
            error,
          });
          // Wait in slices, heartbeating after each: kafkajs heartbeats only when asked, and a
          // member silent for longer than its session timeout is evicted from the group (then
          // kafkajs gives up on it), so no slice may come near the session timeout.
          const pausedAt = performance.now();
          const sliceMs = Math.max(100, Math.floor(options.sessionTimeoutMs / 4));
          for (let waited = 0; waited < delayMs && context.isRunning(); waited += sliceMs) {
            await new Promise((resolve) =>
              setTimeout(resolve, Math.min(sliceMs, delayMs - waited))
            );
            await context.heartbeat().catch(() => {});
          }
          metrics.pausedSeconds.inc((performance.now() - pausedAt) / 1000);
          delayMs = Math.min(delayMs * 2, 10_000);
        }
      }
    },
    events: {
      rebalanced: (memberId, assignment) => {
        onRebalance?.(memberId, assignment);
        health.consumer = { ok: true, detail: "" };
        log.info("joined group", { memberId, assignment });
      },
      fenced: (topic, partition) => {
        metrics.fenced.inc();
        log.warn(
          "partition owned by another member: batch dropped, partition paused until the next rebalance",
          { topic, partition },
        );
      },
      lag: (topic, partition, lag) =>
        metrics.lag.set({ topic, partition: String(partition) }, Number(lag)),
      positioningFailed: (error) =>
        log.warn("could not read checkpoints after a rebalance; batches will rewind if needed", {
          error,
        }),
      crashed: onConsumerCrash(log, (check) => health.consumer = check),
    },
  });
  log.info(`${options.name} started`, {
    group: options.groupId,
    topic: options.topic,
    metrics: `${options.service.metricsHost}:${options.metricsPort}`,
  });

  await new Promise<void>((resolve) => {
    onShutdown(async () => {
      stopProbing();
      await stop?.();
      await running.stop();
      await publisher.disconnect();
      await admin.disconnect();
      await sql.end({ timeout: 5 });
      await ops.shutdown();
      log.info(`${options.name} stopped`);
      resolve();
    }, { log: (msg, fields) => log.info(msg, fields) });
  });
}

/** Probes now and every `intervalMs` (never two at once); returns a function that stops it. */
function startHealthProbe(options: {
  intervalMs: number;
  deps: HealthProbeDeps;
  onReport: (report: HealthReport) => void;
}): () => void {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      options.onReport(await probeHealth(options.deps));
    } catch (error) {
      // A probe must never take the service down: report it as a failed check instead.
      const detail = `health probe failed: ${String((error as Error)?.message ?? error)}`;
      options.onReport({
        checks: {
          database: { ok: false, detail },
          kafka: { ok: false, detail },
          lag: { ok: false, detail },
        },
      });
    } finally {
      busy = false;
    }
  };
  void tick();
  const timer = setInterval(tick, options.intervalMs);
  return () => clearInterval(timer);
}
