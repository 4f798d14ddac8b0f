/**
 * The consume-only adapter for kafkajs (the services' client), built through
 * `shared/kafka` as the services build theirs: `eachBatch` with the writer's partition
 * concurrency and fetch sizes, offsets never committed (a throwaway group).
 */
import { createKafka } from "../../shared/kafka/mod.ts";
import type { ConsumeOnlyClient } from "./consume_only.ts";

/** Reads `options.topic` with kafkajs until `sink.done`. */
export const consumeWithKafkajs: ConsumeOnlyClient = async (options, sink) => {
  const kafka = createKafka(options.kafka);
  const consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeoutMs,
    heartbeatInterval: Math.max(500, Math.floor(options.sessionTimeoutMs / 5)),
    maxWaitTimeInMs: options.maxWaitMs,
    maxBytesPerPartition: options.maxBytesPerPartition,
    maxBytes: options.maxBytes,
    allowAutoTopicCreation: false,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: options.concurrency,
      eachBatch: ({ batch }) => {
        for (const m of batch.messages) sink.take(m.key ?? null, m.value ?? null);
        return Promise.resolve();
      },
    });
    await sink.done;
  } finally {
    await consumer.disconnect();
  }
};
