/**
 * The consume-only adapter for `@platformatic/kafka`, the candidate client (benchmark
 * only: the services use kafkajs, D17). Its consumer stream in flowing mode (`data`
 * events: faster than its async iterator here), from the earliest offsets, no commits,
 * with the writer's fetch sizes; keys and values stay raw bytes (its default
 * deserialisers), as kafkajs hands them over.
 */
import { Consumer, type SASLMechanismValue } from "@platformatic/kafka";
import type { KafkaConfig } from "../../shared/config/mod.ts";
import type { ConsumeOnlyClient } from "./consume_only.ts";

/** Reads `options.topic` with @platformatic/kafka until `sink.done`. */
export const consumeWithPlatformatic: ConsumeOnlyClient = async (options, sink) => {
  const consumer = new Consumer({
    clientId: options.kafka.clientId,
    bootstrapBrokers: [...options.kafka.brokers],
    connectTimeout: options.kafka.connectTimeoutMs,
    retries: options.kafka.connectRetries,
    ...(options.kafka.ssl ? { tls: {} } : {}),
    ...(options.kafka.sasl ? { sasl: saslOptions(options.kafka.sasl) } : {}),
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeoutMs,
    rebalanceTimeout: Math.max(30_000, options.sessionTimeoutMs * 2),
    heartbeatInterval: Math.max(500, Math.floor(options.sessionTimeoutMs / 5)),
    maxWaitTime: options.maxWaitMs,
    maxBytesPerPartition: options.maxBytesPerPartition,
    maxBytes: options.maxBytes,
  });
  try {
    const stream = await consumer.consume({
      topics: [options.topic],
      mode: "earliest",
      autocommit: false,
    });
    let failed: unknown;
    stream.on("error", (error: unknown) => failed ??= error);
    stream.on("data", (m) => sink.take(m.key ?? null, m.value ?? null));
    await Promise.race([
      sink.done,
      new Promise((_, reject) => stream.once("error", () => reject(failed))),
    ]);
    await stream.close();
  } finally {
    await consumer.close(true);
  }
};

function saslOptions(sasl: NonNullable<KafkaConfig["sasl"]>) {
  const mechanism = sasl.mechanism.toUpperCase() as SASLMechanismValue;
  return { mechanism, username: sasl.username, password: sasl.password };
}
