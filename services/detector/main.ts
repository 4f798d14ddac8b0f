/**
 * `deno task detector`: the anomaly detector. Composition only — the protocol lives in
 * detect.ts, the shared service skeleton in shared/service.
 */
import { asServiceRole, loadConfig, sections } from "../../shared/config/mod.ts";
import { runMain } from "../../shared/cli/run_main.ts";
import { runPartitionService } from "../../shared/service/partition_service.ts";
import { createDetector } from "./detect.ts";

await runMain(async () => {
  const config = loadConfig({
    service: sections.service,
    kafka: sections.kafka,
    topics: sections.topics,
    database: sections.database,
    validation: sections.validation,
    anomaly: sections.anomaly,
    detector: sections.detector,
  });
  await runPartitionService({
    name: "detector",
    service: config.service,
    kafka: config.kafka,
    database: asServiceRole(config.database, "detector"),
    topic: config.topics.raw,
    groupId: config.detector.groupId,
    metricsPort: config.detector.metricsPort,
    metricsPortSetting: "DETECTOR_METRICS_PORT",
    concurrency: config.detector.concurrency,
    maxWaitMs: config.detector.maxWaitMs,
    sessionTimeoutMs: config.detector.sessionTimeoutMs,
    fetchMaxBytes: config.detector.fetchMaxBytes,
    createHandler: ({ sql, publisher, metrics, log }) => {
      const detector = createDetector({
        sql,
        group: config.detector.groupId,
        anomalyTopic: config.topics.anomaly,
        validation: config.validation,
        rules: config.anomaly,
        publish: (topic, messages) => publisher.publish(topic, messages),
        metrics,
        log,
      });
      return { handle: detector.handle, onRebalance: detector.forgetCachedState };
    },
  });
});
