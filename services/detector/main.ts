/**
 * `deno task detector`: the anomaly detector and the alert layer. Composition only — the
 * protocol lives in detect.ts, the shared service skeleton in shared/service.
 */
import { ALERT_STATE_BYTES, createAlertEngine } from "../../shared/alerts/mod.ts";
import { asServiceRole, loadConfig, sections } from "../../shared/config/mod.ts";
import { runMain } from "../../shared/cli/run_main.ts";
import { runPartitionService } from "../../shared/service/partition_service.ts";
import { createDetector } from "./detect.ts";
import { every } from "../../shared/runtime/every.ts";

/**
 * A partition with at most this many records behind counts as caught up, so its NO_DATA
 * timers run (about 2.5 s behind at 10,000 events/s over 24 partitions).
 */
const CAUGHT_UP_LAG = 1000;
/** How often the alert timers are checked; NO_DATA fires at most this late. */
const TIMER_INTERVAL_MS = 500;

await runMain(async () => {
  const config = loadConfig({
    service: sections.service,
    kafka: sections.kafka,
    topics: sections.topics,
    database: sections.database,
    validation: sections.validation,
    anomaly: sections.anomaly,
    alerts: sections.alerts,
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
        rawTopic: config.topics.raw,
        anomalyTopic: config.topics.anomaly,
        validation: config.validation,
        rules: config.anomaly,
        alerts: {
          engine: createAlertEngine(config.alerts),
          stateBytes: ALERT_STATE_BYTES,
          topic: config.topics.alerts,
          caughtUpLag: CAUGHT_UP_LAG,
        },
        publish: (topic, messages) => publisher.publish(topic, messages),
        metrics,
        log,
      });
      const stopTimers = every(
        TIMER_INTERVAL_MS,
        detector.tick,
        (error) => log.warn("alert timers failed; retrying at the next pass", { error }),
      );
      return {
        handle: detector.handle,
        onRebalance: (memberId, assignment) =>
          detector.rebalanced(memberId, assignment[config.topics.raw] ?? []),
        stop: stopTimers,
      };
    },
  });
});
