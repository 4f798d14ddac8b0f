/**
 * The consumer loop shared by the DB writer and the detector: one consumer-group member
 * that hands each partition's batch to a handler and applies the handler's verdict. Kafka
 * offsets are committed only as a hint (every few seconds); the handler's database
 * transaction is the real commit.
 *
 * Verdicts: `done` (stored up to nextOffset: resolve, so the next fetch starts there),
 * `fenced` (this member no longer owns the partition: pause it until the next rebalance),
 * `rewind` (seek to an offset, e.g. the database checkpoint). Nothing is resolved
 * automatically (`eachBatchAutoResolve: false`): a batch the handler did not finish is
 * fetched again, never skipped.
 */
import type { Admin, Consumer, Kafka } from "./client.ts";
import { fetchResponseMaxBytes } from "./fetch_size.ts";
import { type ClaimRecorder, fencingAssigner } from "./fencing_assigner.ts";

/** A Kafka record as the pipeline sees it. */
export interface RawRecord {
  readonly offset: bigint;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  /** The record's Kafka timestamp (producer send time), ms since the epoch. */
  readonly timestampMs: number;
}

/** One partition's records, in offset order. */
export interface PartitionBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly RawRecord[];
  /** The partition's high watermark when fetched (for lag). */
  readonly highWatermark: bigint;
}

/** What the handler did with a batch. */
export type BatchResult =
  | { readonly kind: "done"; readonly nextOffset: bigint }
  | { readonly kind: "fenced" }
  | { readonly kind: "rewind"; readonly offset: bigint };

/** What a handler may ask of the loop. */
export interface BatchContext {
  /** This member's id in the group (the owner name in claims). */
  readonly memberId: string;
  /** The partition's log start offset (first record retention kept). */
  logStartOffset(): Promise<bigint>;
  /** Tells the group coordinator this member is alive (call during long waits). */
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping: long waits should give up. */
  isRunning(): boolean;
}

/** Processes one partition batch. Throwing makes kafkajs retry it with backoff. */
export type BatchHandler = (batch: PartitionBatch, context: BatchContext) => Promise<BatchResult>;

/**
 * Reads the database checkpoints (next offsets) of partitions this member was assigned, so
 * the loop can position itself there instead of at Kafka's committed offsets (a hint).
 */
export type CheckpointReader = (
  topic: string,
  partitions: number[],
  memberId: string,
) => Promise<Map<number, bigint>>;

/** Events the loop reports (for logs and metrics). */
export interface PartitionConsumerEvents {
  rebalanced?(memberId: string, assignment: Record<string, number[]>): void;
  fenced?(topic: string, partition: number): void;
  lag?(topic: string, partition: number, lag: bigint): void;
  crashed?(error: unknown, restarting: boolean): void;
  /** Reading checkpoints after a rebalance failed; batches still resume correctly. */
  positioningFailed?(error: unknown): void;
}

/** Options of {@link startPartitionConsumer}. */
export interface PartitionConsumerOptions {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly groupId: string;
  readonly topic: string;
  readonly handler: BatchHandler;
  readonly recordClaims: ClaimRecorder;
  readonly readCheckpoints: CheckpointReader;
  /** Partitions processed at once (kafkajs partitionsConsumedConcurrently). */
  readonly concurrency: number;
  /** Longest a fetch waits for data; bounds latency at low rates. */
  readonly maxWaitMs: number;
  /** Session timeout: how soon a dead member's partitions move. */
  readonly sessionTimeoutMs: number;
  /** Most bytes fetched per partition: bounds one batch. */
  readonly fetchMaxBytes: number;
  readonly events?: PartitionConsumerEvents;
}

/** A running member; `stop` finishes the in-flight batches and leaves the group. */
export interface RunningConsumer {
  stop(): Promise<void>;
}

/** Connects, subscribes from the beginning (for new groups) and runs the loop. */
export async function startPartitionConsumer(
  options: PartitionConsumerOptions,
): Promise<RunningConsumer> {
  const { kafka, admin, groupId, topic, handler, events = {} } = options;
  const consumer: Consumer = kafka.consumer({
    groupId,
    partitionAssigners: [fencingAssigner(options.recordClaims)],
    sessionTimeout: options.sessionTimeoutMs,
    heartbeatInterval: Math.max(500, Math.floor(options.sessionTimeoutMs / 5)),
    rebalanceTimeout: Math.max(30_000, options.sessionTimeoutMs * 2),
    maxWaitTimeInMs: options.maxWaitMs,
    maxBytesPerPartition: options.fetchMaxBytes,
    maxBytes: fetchResponseMaxBytes(options.concurrency, options.fetchMaxBytes),
    allowAutoTopicCreation: false,
    retry: {
      retries: 8,
      initialRetryTime: 300,
      maxRetryTime: 30_000,
      restartOnFailure: (error) => {
        events.crashed?.(error, true);
        return Promise.resolve(true);
      },
    },
  });
  let memberId = "";
  const logStarts = new Map<number, { offset: bigint; at: number }>();

  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    memberId = event.payload.memberId;
    logStarts.clear();
    // Partitions paused after being fenced get a fresh chance under the new assignment.
    const paused = consumer.paused();
    if (paused.length > 0) consumer.resume(paused);
    events.rebalanced?.(memberId, event.payload.memberAssignment);
    // Resume where PostgreSQL says, not where Kafka's committed offsets (a hint) say: without
    // this, a partition whose hint is ahead of the database (say, after a database restore)
    // would wait for new records before its handler could notice and rewind. The seek races
    // the first fetch (kafkajs does not await this event); either order is safe, because
    // every batch transaction re-checks the checkpoint and skips or rewinds.
    const assigned = event.payload.memberAssignment[topic] ?? [];
    const joinedAs = memberId;
    options.readCheckpoints(topic, assigned, joinedAs).then((offsets) => {
      if (memberId !== joinedAs) return; // a newer rebalance already happened
      for (const [partition, offset] of offsets) {
        consumer.seek({ topic, partition, offset: String(offset) });
      }
    }, (error) => events.positioningFailed?.(error));
  });
  consumer.on(consumer.events.CRASH, (event) => {
    if (!event.payload.restart) events.crashed?.(event.payload.error, false);
  });

  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: true,
    autoCommitInterval: 5000,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.concurrency,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale, pause }) => {
      if (!isRunning() || isStale() || batch.messages.length === 0) return;
      const partition = batch.partition;
      const records: RawRecord[] = batch.messages.map((m) => ({
        offset: BigInt(m.offset),
        key: m.key ?? null,
        value: m.value ?? null,
        timestampMs: Number(m.timestamp),
      }));
      const context: BatchContext = {
        memberId,
        heartbeat,
        isRunning,
        logStartOffset: async () => {
          const cached = logStarts.get(partition);
          if (cached && Date.now() - cached.at < 5000) return cached.offset;
          const offsets = await admin.fetchTopicOffsets(topic);
          const low = BigInt(offsets.find((o) => o.partition === partition)?.low ?? "0");
          logStarts.set(partition, { offset: low, at: Date.now() });
          return low;
        },
      };
      const result = await handler(
        { topic: batch.topic, partition, records, highWatermark: BigInt(batch.highWatermark) },
        context,
      );
      if (result.kind === "done") {
        if (result.nextOffset > 0n) resolveOffset(String(result.nextOffset - 1n));
        const lag = BigInt(batch.highWatermark) - result.nextOffset;
        events.lag?.(batch.topic, partition, lag > 0n ? lag : 0n);
      } else if (result.kind === "fenced") {
        events.fenced?.(batch.topic, partition);
        pause();
      } else {
        consumer.seek({ topic: batch.topic, partition, offset: String(result.offset) });
      }
      await heartbeat();
    },
  });
  return {
    async stop() {
      await consumer.stop();
      await consumer.disconnect();
    },
  };
}
