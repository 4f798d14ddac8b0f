/**
 * A pipeline of its own on a shared stack: topics and consumer groups named after `id`,
 * created with the given partition counts, and the environment that points the services
 * at them. The chaos runs and the end-to-end tests use it so that runs never see each
 * other's records, offsets or checkpoints.
 */
import type { DatabaseConfig, KafkaConfig } from "../../shared/config/mod.ts";
import { type Admin, ensureTopics } from "../../shared/kafka/mod.ts";

/** Names and settings of an isolated pipeline. */
export interface IsolatedPipeline {
  readonly topics: {
    readonly raw: string;
    readonly invalid: string;
    readonly anomaly: string;
    readonly dlq: string;
    readonly alerts: string;
  };
  readonly groups: { readonly writer: string; readonly detector: string };
  /** Settings for the services (env on top of the current one). */
  readonly env: Record<string, string>;
}

/**
 * Creates the topics and returns the names and env. `replication` (default: 1 copy, the
 * broker's min.insync.replicas) sets each topic's replication factor and its
 * `min.insync.replicas`, for runs on a multi-node cluster.
 */
export async function createIsolatedPipeline(
  admin: Admin,
  id: string,
  stack: { kafka: KafkaConfig; database: DatabaseConfig },
  partitions: { raw: number; others: number },
  replication?: { factor: number; minInsync: number },
): Promise<IsolatedPipeline> {
  const topics = {
    raw: `${id}.raw`,
    invalid: `${id}.invalid`,
    anomaly: `${id}.anomaly`,
    dlq: `${id}.dlq`,
    alerts: `${id}.alerts`,
  };
  const groups = { writer: `${id}-writer`, detector: `${id}-detector` };
  const configs = replication && { "min.insync.replicas": String(replication.minInsync) };
  await ensureTopics(
    admin,
    [
      { name: topics.raw, partitions: partitions.raw, configs },
      { name: topics.invalid, partitions: partitions.others, configs },
      { name: topics.anomaly, partitions: partitions.others, configs },
      { name: topics.dlq, partitions: partitions.others, configs },
      { name: topics.alerts, partitions: partitions.others, configs },
    ],
    replication?.factor,
  );
  const env = {
    KAFKA_BOOTSTRAP_SERVERS: stack.kafka.brokers.join(","),
    DATABASE_URL: stack.database.url,
    TOPIC_RAW: topics.raw,
    TOPIC_INVALID: topics.invalid,
    TOPIC_ANOMALY: topics.anomaly,
    TOPIC_DLQ: topics.dlq,
    TOPIC_ALERTS: topics.alerts,
    CONSUMER_GROUP_ID: groups.writer,
    DETECTOR_GROUP_ID: groups.detector,
    // Short sessions: a killed member's partitions move in seconds, not the default 10 s.
    CONSUMER_SESSION_TIMEOUT_MS: "6000",
    DETECTOR_SESSION_TIMEOUT_MS: "6000",
  };
  return { topics, groups, env };
}
