/** Kafka adapter: client factory, errors and topic set-up. */
export { connectAdmin, createKafka, KafkaError, unreachable } from "./client.ts";
export type {
  Admin,
  Consumer,
  EachBatchPayload,
  Kafka,
  KafkaErrorCode,
  KafkaLogSink,
  Producer,
} from "./client.ts";
export { ensureTopics, specTopics } from "./topics.ts";
export type { TopicAdmin, TopicOutcome, TopicSpec } from "./topics.ts";
