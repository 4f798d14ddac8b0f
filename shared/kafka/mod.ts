/** Kafka adapter: client factory, errors and topic set-up. */
export {
  connectAdmin,
  createKafka,
  DRIVER_ENV_VARS as KAFKA_DRIVER_ENV_VARS,
  kafkaClientOptions,
  KafkaError,
  unreachable,
} from "./client.ts";
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
export { type ClaimRecorder, fencingAssigner, type PartitionClaim } from "./fencing_assigner.ts";
export {
  type BatchContext,
  type BatchHandler,
  type BatchResult,
  type CheckpointReader,
  type PartitionBatch,
  type PartitionConsumerEvents,
  type PartitionConsumerOptions,
  type RawRecord,
  type RunningConsumer,
  startPartitionConsumer,
} from "./partition_consumer.ts";
export { connectPublisher, type OutgoingMessage, type Publisher } from "./publisher.ts";
export { fetchResponseMaxBytes } from "./fetch_size.ts";
export {
  type PartitionRange,
  readTopicSnapshot,
  snapshotRanges,
  type TopicSnapshotOptions,
} from "./topic_snapshot.ts";
