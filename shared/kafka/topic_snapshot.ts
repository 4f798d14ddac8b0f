/**
 * Reads a topic once, as it stood at the start: the end offsets of every partition are taken
 * first, each partition is read from its log start (or from the first record at or after a
 * time, by offsets-for-times) up to that end, and then the read stops — records that arrive
 * meanwhile wait for the next run, so a read always finishes. For operator tools (redrive):
 * it keeps no position anywhere. kafkajs consumers need a group, so a throwaway one reads,
 * commits nothing, and is deleted at the end.
 */
import type { Admin, Kafka } from "./client.ts";
import { KafkaError } from "./client.ts";
import type { RawRecord } from "./partition_consumer.ts";

/** The offsets one partition is read over: `start` inclusive, `end` exclusive. */
export interface PartitionRange {
  readonly partition: number;
  readonly start: bigint;
  readonly end: bigint;
}

/** Options of {@link readTopicSnapshot}. */
export interface TopicSnapshotOptions {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly topic: string;
  /** The throwaway consumer group (unique per run); deleted at the end. */
  readonly groupId: string;
  /** Start at the first record whose Kafka timestamp is at or after this (ms); default: the log start. */
  readonly sinceMs?: number;
  /**
   * Receives each partition's records inside its range, in offset order, each offset once
   * (also across a rebalance). Awaited before that partition is fetched again.
   */
  readonly onRecords: (partition: number, records: readonly RawRecord[]) => Promise<void>;
  /** Give up when no records arrive for this long while some are still due (default 60 s). */
  readonly stallTimeoutMs?: number;
}

/**
 * The ranges to read: from the later of the log start and the offset for `sinceMs` (when
 * given; kafkajs answers the end offset for a partition with nothing that recent) to the end.
 */
export function snapshotRanges(
  offsets: readonly { partition: number; low: string; high: string }[],
  startsByTime?: readonly { partition: number; offset: string }[],
): PartitionRange[] {
  return offsets.map(({ partition, low, high }) => {
    const byTime = startsByTime?.find((s) => s.partition === partition)?.offset;
    const start = byTime === undefined ? BigInt(low) : max(BigInt(low), BigInt(byTime));
    return { partition, start, end: BigInt(high) };
  }).sort((a, b) => a.partition - b.partition);
}

/** Reads the topic's snapshot (see the module doc); resolves with the ranges it read. */
export async function readTopicSnapshot(options: TopicSnapshotOptions): Promise<PartitionRange[]> {
  const { kafka, admin, topic, onRecords } = options;
  if (!(await admin.listTopics()).includes(topic)) {
    throw new KafkaError(
      "TOPIC_MISMATCH",
      `Cannot read topic ${topic}: it does not exist. Check the TOPIC_* setting, or create the ` +
        "topics with `deno task topics`.",
    );
  }
  const ranges = snapshotRanges(
    await admin.fetchTopicOffsets(topic),
    options.sinceMs === undefined
      ? undefined
      : await admin.fetchTopicOffsetsByTimestamp(topic, options.sinceMs),
  );
  const next = new Map(ranges.filter((r) => r.start < r.end).map((r) => [r.partition, r.start]));
  if (next.size === 0) return ranges;
  const ends = new Map(ranges.map((r) => [r.partition, r.end]));

  const consumer = kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
  let settle!: (error?: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => {
    settle = (error) => (error === undefined ? resolve() : reject(error));
  });
  finished.catch(() => {}); // may fail before it is awaited (during the join); awaited below
  let busy = false;
  let lastProgress = Date.now();
  consumer.on(consumer.events.CRASH, (event) => {
    if (!event.payload.restart) settle(event.payload.error);
  });
  const stallTimeoutMs = options.stallTimeoutMs ?? 60_000;
  const watchdog = setInterval(() => {
    if (busy || Date.now() - lastProgress < stallTimeoutMs) return;
    settle(
      new KafkaError(
        "KAFKA_REQUEST_FAILED",
        `Cannot read ${topic} to its end offsets: no records for ${stallTimeoutMs} ms while ` +
          `partitions ${[...next.keys()].join(",")} still had some due. Check the broker ` +
          "(`deno task infra:status`) and run again: nothing was committed.",
      ),
    );
  }, 1000);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, heartbeat }) => {
        const partition = batch.partition;
        const from = next.get(partition);
        if (from === undefined) return;
        const end = ends.get(partition)!;
        const records: RawRecord[] = batch.messages
          .map((m) => ({
            offset: BigInt(m.offset),
            key: m.key,
            value: m.value,
            timestampMs: Number(m.timestamp),
          }))
          .filter((r) => r.offset >= from && r.offset < end);
        busy = true;
        try {
          if (records.length > 0) await onRecords(partition, records);
        } catch (error) {
          next.clear();
          settle(error);
          return;
        } finally {
          busy = false;
          lastProgress = Date.now();
        }
        const reached = max(from, BigInt(batch.lastOffset()) + 1n);
        if (reached >= end) {
          next.delete(partition);
          consumer.pause([{ topic, partitions: [partition] }]);
          if (next.size === 0) settle();
        } else next.set(partition, reached);
        await heartbeat();
      },
    });
    // A new group starts at the log start: move the partitions that start later, and stop
    // fetching those with nothing to read. (A seek pending when a fetch answers drops that
    // answer, and the filter above drops anything outside the range in any case.)
    for (const range of ranges) {
      if (!next.has(range.partition)) consumer.pause([{ topic, partitions: [range.partition] }]);
      else consumer.seek({ topic, partition: range.partition, offset: String(range.start) });
    }
    lastProgress = Date.now();
    await finished;
    return ranges;
  } finally {
    clearInterval(watchdog);
    await consumer.disconnect();
    // It committed nothing; should deleting fail, the broker drops an empty group without
    // offsets by itself.
    await admin.deleteGroups([options.groupId]).catch(() => {});
  }
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
