/**
 * `deno task consumer`: the DB writer. Composition only — the protocol lives in writer.ts,
 * the shared service skeleton in shared/service.
 */
import { asServiceRole, loadConfig, sections } from "../../shared/config/mod.ts";
import { runMain } from "../../shared/cli/run_main.ts";
import { runPartitionService } from "../../shared/service/partition_service.ts";
import { createWriter } from "./writer.ts";

await runMain(async () => {
  const config = loadConfig({
    service: sections.service,
    kafka: sections.kafka,
    topics: sections.topics,
    database: sections.database,
    validation: sections.validation,
    consumer: sections.consumer,
  });
  await runPartitionService({
    name: "consumer",
    service: config.service,
    kafka: config.kafka,
    database: asServiceRole(config.database, "writer"),
    topic: config.topics.raw,
    groupId: config.consumer.groupId,
    metricsPort: config.consumer.metricsPort,
    metricsPortSetting: "CONSUMER_METRICS_PORT",
    concurrency: config.consumer.concurrency,
    maxWaitMs: config.consumer.maxWaitMs,
    sessionTimeoutMs: config.consumer.sessionTimeoutMs,
    fetchMaxBytes: config.consumer.fetchMaxBytes,
    createHandler: ({ sql, publisher, metrics, log }) => ({
      handle: createWriter({
        sql,
        group: config.consumer.groupId,
        topics: { invalid: config.topics.invalid, dlq: config.topics.dlq },
        validation: config.validation,
        dlqMaxAttempts: config.consumer.dlqMaxAttempts,
        publish: (topic, messages) => publisher.publish(topic, messages),
        metrics,
        log,
      }),
    }),
  });
});
