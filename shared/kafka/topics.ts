/**
 * The topics the pipeline needs, and the idempotent set-up that creates missing ones and
 * verifies existing ones (it never alters a topic: a mismatch is a loud error).
 */
import type { TopicsConfig } from "../config/mod.ts";
import { KafkaError } from "./client.ts";

/** A topic as the spec defines it. */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  /** Topic-level configs, e.g. retention; applied on creation only. */
  readonly configs?: Readonly<Record<string, string>>;
}

/**
 * The spec's topics: raw events keyed by customer_id over 24 partitions (per-customer
 * order, room for 24 consumers); invalid, anomaly, dead-letter and alert topics with 6 each
 * (alerts are keyed by customer_id too, so one customer's transitions stay in order).
 */
export function specTopics(names: TopicsConfig): TopicSpec[] {
  return [
    { name: names.raw, partitions: 24 },
    { name: names.invalid, partitions: 6 },
    { name: names.anomaly, partitions: 6 },
    { name: names.dlq, partitions: 6 },
    { name: names.alerts, partitions: 6 },
  ];
}

/** The admin calls topic set-up needs (a kafkajs `Admin` fits). */
export interface TopicAdmin {
  listTopics(): Promise<string[]>;
  createTopics(options: {
    topics: {
      topic: string;
      numPartitions: number;
      replicationFactor: number;
      configEntries?: { name: string; value: string }[];
    }[];
    waitForLeaders?: boolean;
  }): Promise<boolean>;
  fetchTopicMetadata(options: { topics: string[] }): Promise<{
    topics: { name: string; partitions: { partitionId: number; replicas: number[] }[] }[];
  }>;
}

/** What happened to one topic. */
export interface TopicOutcome {
  readonly name: string;
  readonly partitions: number;
  readonly action: "created" | "verified";
}

/**
 * Creates the missing topics and checks that every topic has the spec's partition count.
 * Safe to run any number of times. A topic with another partition count is never changed
 * (that would move keys between partitions): it fails with `TOPIC_MISMATCH`.
 */
export async function ensureTopics(
  admin: TopicAdmin,
  specs: readonly TopicSpec[],
  replicationFactor = 1,
): Promise<TopicOutcome[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.name));
  if (missing.length > 0) {
    const create = () =>
      admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.name,
          numPartitions: spec.partitions,
          replicationFactor,
          configEntries: Object.entries(spec.configs ?? {}).map(([name, value]) => ({
            name,
            value,
          })),
        })),
      });
    // kafkajs's waitForLeaders asks for the new topics' leaders at once, and a KRaft broker
    // that has just started (or just deleted topics) may answer UNKNOWN_TOPIC_OR_PARTITION,
    // which kafkajs does not retry. Creating again is a no-op for topics that now exist.
    for (let attempt = 1;; attempt++) {
      try {
        await create();
        break;
      } catch (error) {
        if (attempt >= 5 || (error as { type?: unknown })?.type !== "UNKNOWN_TOPIC_OR_PARTITION") {
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      }
    }
  }
  const metadata = await admin.fetchTopicMetadata({ topics: specs.map((spec) => spec.name) });
  const counts = new Map(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
  const mismatches = specs.filter((spec) => counts.get(spec.name) !== spec.partitions);
  if (mismatches.length > 0) {
    throw new KafkaError(
      "TOPIC_MISMATCH",
      "Topics do not match the spec: " +
        mismatches.map((s) =>
          `${s.name} has ${counts.get(s.name) ?? 0} partitions, expected ${s.partitions}`
        )
          .join("; ") +
        ". Partition counts are never changed automatically (keys would move); " +
        "delete the topic if its data may go, or point TOPIC_* at another name.",
    );
  }
  const created = new Set(missing.map((spec) => spec.name));
  return specs.map((spec) => ({
    name: spec.name,
    partitions: spec.partitions,
    action: created.has(spec.name) ? "created" : "verified",
  }));
}
