/**
 * `deno run … scripts/bench/platformatic_writer.ts`: the DB writer's full exactly-once path
 * (`services/consumer/writer.ts`, unchanged: rows and checkpoint in one transaction,
 * invalid records published with kafkajs's idempotent publisher as the service does) fed
 * by a `@platformatic/kafka` fetch loop (platformatic_batches.ts) instead of kafkajs's —
 * for the client comparison's full drain (client_drain.ts). Reads the consumer task's
 * settings from the environment; runs until SIGTERM/SIGINT. Benchmark code, not a service.
 */
import { asServiceRole, loadConfig, sections } from "../../shared/config/mod.ts";
import { runMain } from "../../shared/cli/run_main.ts";
import { createSql, recordClaims, waitForDatabase } from "../../shared/db/mod.ts";
import { connectPublisher, createKafka, fetchResponseMaxBytes } from "../../shared/kafka/mod.ts";
import { createLogger, createMetrics } from "../../shared/observability/mod.ts";
import { createWriter } from "../../services/consumer/writer.ts";
import { startPlatformaticBatches } from "./platformatic_batches.ts";

await runMain(async () => {
  const config = loadConfig({
    service: sections.service,
    kafka: sections.kafka,
    topics: sections.topics,
    database: sections.database,
    validation: sections.validation,
    consumer: sections.consumer,
  });
  const { consumer: settings } = config;
  const log = createLogger("consumer", config.service.logLevel);
  const sql = createSql(asServiceRole(config.database, "writer"), {
    applicationName: "heartbeat-bench-platformatic-writer",
    max: settings.concurrency + 1,
  });
  await waitForDatabase(sql, config.database);
  const publisher = await connectPublisher(createKafka(config.kafka));
  const handler = createWriter({
    sql,
    group: settings.groupId,
    topics: { invalid: config.topics.invalid, dlq: config.topics.dlq },
    validation: config.validation,
    dlqMaxAttempts: settings.dlqMaxAttempts,
    publish: (topic, messages) => publisher.publish(topic, messages),
    metrics: createMetrics("consumer"),
    log,
  });
  let failure: unknown;
  let wake!: () => void;
  const stopped = new Promise<void>((resolve) => wake = resolve);
  const loop = await startPlatformaticBatches({
    kafka: config.kafka,
    topic: config.topics.raw,
    groupId: settings.groupId,
    handler,
    claim: async (member, partitions) => {
      await recordClaims(
        sql,
        settings.groupId,
        partitions.map((partition) => ({ topic: config.topics.raw, partition, member })),
      );
    },
    concurrency: settings.concurrency,
    maxWaitMs: settings.maxWaitMs,
    fetchMaxBytes: settings.fetchMaxBytes,
    fetchResponseMaxBytes: fetchResponseMaxBytes(settings.concurrency, settings.fetchMaxBytes),
    sessionTimeoutMs: settings.sessionTimeoutMs,
    failed: (error) => {
      failure = error;
      wake();
    },
  });
  log.info("platformatic writer started", { group: settings.groupId, topic: config.topics.raw });
  for (const signal of ["SIGTERM", "SIGINT"] as const) Deno.addSignalListener(signal, wake);
  await stopped;
  await loop.stop();
  await publisher.disconnect();
  await sql.end({ timeout: 5 });
  if (failure !== undefined) {
    log.error("platformatic writer failed", { error: failure });
    return 1;
  }
  log.info("platformatic writer stopped");
  return 0;
});
