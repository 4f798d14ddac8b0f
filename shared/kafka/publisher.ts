/**
 * Publishing with the guarantees the pipeline relies on: the idempotent producer
 * (broker-side dedupe of retries within a session), `acks=all`, and a promise that
 * resolves only once the broker confirmed every message (it waits out a broker outage). Messages carrying the same key
 * keep their order (one partition per key, one request in flight).
 */
import { Partitioners } from "./client.ts";
import type { Kafka, Producer } from "./client.ts";

/** A message to publish. */
export interface OutgoingMessage {
  readonly key: string | Uint8Array | null;
  readonly value: string | Uint8Array;
  /** Kafka timestamp in ms; the broker's clock when absent. */
  readonly timestampMs?: number;
}

/** A connected publisher. */
export interface Publisher {
  /** Resolves when the broker confirmed all messages (acks=all); rejects otherwise. */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

/** Connects an idempotent producer. */
export async function connectPublisher(
  kafka: Kafka,
  options: { maxInFlight?: number } = {},
): Promise<Publisher> {
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: options.maxInFlight ?? 1,
    allowAutoTopicCreation: false,
    // murmur2 on the key, as the Java client: other producers' keys land on the same partitions.
    createPartitioner: Partitioners.DefaultPartitioner,
    // The idempotent producer's guarantees need unbounded retries: during a broker outage a
    // send waits (backing off up to 30 s between tries) instead of failing half-done.
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 30_000 },
  });
  await producer.connect();
  return {
    async publish(topic, messages) {
      if (messages.length === 0) return;
      await producer.send({
        topic,
        acks: -1,
        messages: messages.map((m) => ({
          key: toBuffer(m.key),
          value: toBuffer(m.value),
          timestamp: m.timestampMs === undefined ? undefined : String(m.timestampMs),
        })),
      });
    },
    disconnect: () => producer.disconnect(),
  };
}

function toBuffer(value: string | Uint8Array | null): Buffer | string | null {
  if (value === null || typeof value === "string") return value;
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
