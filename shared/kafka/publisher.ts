/**
 * Publishing with the guarantees the pipeline relies on: the idempotent producer
 * (broker-side dedupe of retries within a session), `acks=all`, and a promise that
 * resolves only once the broker confirmed every message (it waits out a broker outage). Messages carrying the same key
 * keep their order (one partition per key, one request in flight).
 */
import { Partitioners } from "./client.ts";
import type { Kafka, Message, PartitionMetadata, Producer } from "./client.ts";

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
export async function connectPublisher(kafka: Kafka): Promise<Publisher> {
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    // murmur2 on the key, as the Java client: other producers' keys land on the same partitions.
    createPartitioner: Partitioners.DefaultPartitioner,
    // The idempotent producer's guarantees need unbounded retries: during a broker outage a
    // send waits (backing off up to 30 s between tries) instead of failing half-done.
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 30_000 },
  });
  await producer.connect();
  // kafkajs's idempotent producer is not safe for concurrent send() calls: sequence numbers
  // interleave and the broker answers OUT_OF_ORDER_SEQUENCE_NUMBER, which kafkajs treats as
  // fatal (found by the fuzz test, with 4 partitions publishing invalid records at once).
  // So sends run one after another; callers still await their own.
  let queue: Promise<unknown> = Promise.resolve();
  const send = (topic: string, messages: readonly OutgoingMessage[]) => {
    const run = queue.then(() => sendNow(topic, messages));
    queue = run.catch(() => {});
    return run;
  };
  // One send() per partition. kafkajs retries a send that spans several brokers by skipping
  // every broker that already answered; when a broker dies, its partitions move to one of
  // those, and their messages are never sent although send() resolves (seen in
  // `deno task chaos --scenario cluster-broker-kill`: ~80 confirmed records missing per
  // run, then OUT_OF_ORDER_SEQUENCE_NUMBER). A send to one partition talks to one broker
  // per attempt, so a retry always resends it, with the same sequence number.
  const admin = kafka.admin();
  await admin.connect();
  // Partition lists per topic, fetched once: the partitioner needs only their ids (every
  // partition marked as led, so a keyless message is not steered by a stale leader snapshot).
  const partitionsByTopic = new Map<string, PartitionMetadata[]>();
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionsOf = async (topic: string) => {
    let partitions = partitionsByTopic.get(topic);
    if (partitions === undefined) {
      const [meta] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      partitions = (meta?.partitions ?? []).map((p) => ({ ...p, leader: 0 }));
      partitionsByTopic.set(topic, partitions);
    }
    return partitions;
  };
  const sendNow = async (topic: string, messages: readonly OutgoingMessage[]) => {
    const partitionMetadata = await partitionsOf(topic);
    const perPartition = new Map<number, Message[]>();
    for (const m of messages) {
      const message: Message = {
        key: toBuffer(m.key),
        value: toBuffer(m.value),
        timestamp: m.timestampMs === undefined ? undefined : String(m.timestampMs),
      };
      // The producer's own partitioner (murmur2 on the key), so keys land where they did.
      const partition = partitioner({ topic, partitionMetadata, message });
      message.partition = partition;
      const group = perPartition.get(partition);
      if (group) group.push(message);
      else perPartition.set(partition, [message]);
    }
    const results = await Promise.allSettled(
      [...perPartition.values()].map((group) =>
        producer.send({ topic, acks: -1, messages: group })
      ),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  };
  return {
    async publish(topic, messages) {
      if (messages.length === 0) return;
      await send(topic, messages);
    },
    disconnect: async () => {
      await queue;
      await admin.disconnect();
      await producer.disconnect();
    },
  };
}

function toBuffer(value: string | Uint8Array | null): Buffer | string | null {
  if (value === null || typeof value === "string") return value;
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
