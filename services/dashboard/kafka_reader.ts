/**
 * What the dashboard reads from Kafka, behind a small port so views and tests do not need a
 * broker: the topics that exist, a topic's first and end offsets per partition, and a
 * consumer group's committed offsets. Reads only; any broker failure becomes one
 * `DEPENDENCY_UNAVAILABLE` error naming the setting to check.
 */
import type { Admin } from "../../shared/kafka/mod.ts";
import { describeCause } from "../../shared/errors/mod.ts";
import type { PartitionOffsets } from "../../shared/service/health_probe.ts";
import { DashboardError } from "./http_error.ts";

export type { PartitionOffsets };

/** The reads the dashboard makes from Kafka. */
export interface KafkaReader {
  /** Names of the topics on the cluster. */
  listTopics(): Promise<string[]>;
  /** Every partition's offsets, by partition number. */
  topicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** Offsets `group` committed to Kafka on `topic` (partitions without a commit are absent). */
  committedOffsets(group: string, topic: string): Promise<Map<number, bigint>>;
}

/**
 * The reader over a connected kafkajs admin client. `brokers` only names the setting in
 * error messages. The writer and the detector commit to Kafka only as a hint (their
 * progress is in PostgreSQL), so committed offsets are shown beside the checkpoints, not
 * instead of them.
 */
export function createKafkaReader(admin: Admin, brokers: readonly string[]): KafkaReader {
  const failed = (what: string) => (error: unknown): never => {
    throw new DashboardError(
      "DEPENDENCY_UNAVAILABLE",
      `Cannot read ${what} from Kafka at KAFKA_BOOTSTRAP_SERVERS=${brokers.join(",")} ` +
        `(${describeCause(error)}). Check the broker (\`deno task infra:status\`).`,
      { cause: error, retriable: true },
    );
  };
  return {
    listTopics: () => admin.listTopics().catch(failed("the topic list")),
    topicOffsets: async (topic) => {
      const offsets = await admin.fetchTopicOffsets(topic).catch(failed(`offsets of ${topic}`));
      return offsets
        .map((o) => ({ partition: o.partition, low: BigInt(o.low), high: BigInt(o.high) }))
        .sort((a, b) => a.partition - b.partition);
    },
    committedOffsets: async (group, topic) => {
      const answer = await admin.fetchOffsets({ groupId: group, topics: [topic] })
        .catch(failed(`the offsets ${group} committed`));
      const committed = new Map<number, bigint>();
      for (const { partitions } of answer) {
        for (const { partition, offset } of partitions) {
          if (/^\d+$/.test(offset)) committed.set(partition, BigInt(offset)); // "-1": none
        }
      }
      return committed;
    },
  };
}
