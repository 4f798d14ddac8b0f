/**
 * The consume-only adapter for `@platformatic/kafka`, the candidate client (benchmark
 * only: the services use kafkajs, D19). Its consumer stream in flowing mode (`data`
 * events: faster than its async iterator here), from the earliest offsets, no commits,
 * with the writer's fetch sizes; keys and values stay raw bytes (its default
 * deserialisers), as kafkajs hands them over.
 */
import { Consumer, type SASLMechanismValue } from "@platformatic/kafka";
import type { KafkaConfig } from "../../shared/config/mod.ts";
import type { ConsumeOnlyClient } from "./consume_only.ts";

/** Reads `options.topic` with @platformatic/kafka until `sink.done`. */
export const consumeWithPlatformatic: ConsumeOnlyClient = async (options, sink) => {
  const consumer = new Consumer(platformaticConsumerOptions(options.kafka, {
    groupId: options.groupId,
    sessionTimeoutMs: options.sessionTimeoutMs,
    maxWaitMs: options.maxWaitMs,
    maxBytesPerPartition: options.maxBytesPerPartition,
    maxBytes: options.maxBytes,
  }));
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

/** A group member's fetch and session settings, as the services set them for kafkajs. */
export interface PlatformaticGroupSettings {
  readonly groupId: string;
  readonly sessionTimeoutMs: number;
  readonly maxWaitMs: number;
  readonly maxBytesPerPartition: number;
  readonly maxBytes: number;
}

/**
 * The options of a @platformatic/kafka `Consumer` for the project's Kafka settings (brokers,
 * timeouts, TLS, SASL) and a group member's settings: the one place the benchmark maps them.
 */
export function platformaticConsumerOptions(
  kafka: KafkaConfig,
  group: PlatformaticGroupSettings,
) {
  return {
    clientId: kafka.clientId,
    bootstrapBrokers: [...kafka.brokers],
    connectTimeout: kafka.connectTimeoutMs,
    retries: kafka.connectRetries,
    ...(kafka.ssl ? { tls: {} } : {}),
    ...(kafka.sasl
      ? {
        sasl: {
          mechanism: kafka.sasl.mechanism.toUpperCase() as SASLMechanismValue,
          username: kafka.sasl.username,
          password: kafka.sasl.password,
        },
      }
      : {}),
    groupId: group.groupId,
    sessionTimeout: group.sessionTimeoutMs,
    rebalanceTimeout: Math.max(30_000, group.sessionTimeoutMs * 2),
    heartbeatInterval: Math.max(500, Math.floor(group.sessionTimeoutMs / 5)),
    maxWaitTime: group.maxWaitMs,
    maxBytesPerPartition: group.maxBytesPerPartition,
    maxBytes: group.maxBytes,
  };
}
