/**
 * A fetch loop on `@platformatic/kafka` that feeds the writer's own batch handler
 * (`services/consumer/writer.ts`) as `shared/kafka/partition_consumer.ts` does with
 * kafkajs — for the client comparison's full drain only (benchmark code: the services keep
 * kafkajs, D19). Records stream in (flowing mode) and are grouped per partition; up to
 * `concurrency` partitions run a batch (at most `fetchMaxBytes` of records, like kafkajs's
 * per-partition fetch) at once, one batch per partition at a time, in offset order. The
 * stream pauses while a fetch response's worth of records (`fetchResponseMaxBytes`) waits,
 * which bounds memory as kafkajs's one response at a time does.
 *
 * Simplified for a drain by one member of a fresh group: the member claims its partitions
 * in PostgreSQL itself after the join (the services' fencing assigner does this during the
 * rebalance), and a handler verdict other than `done` (fenced, rewind) stops the loop with
 * an error — a fresh single-member drain never gets one.
 */
import { Consumer } from "@platformatic/kafka";
import { platformaticConsumerOptions } from "./consume_only_platformatic.ts";
import type { KafkaConfig } from "../../shared/config/mod.ts";
import type { BatchContext, BatchHandler, RawRecord } from "../../shared/kafka/mod.ts";

/** What the loop needs. */
export interface PlatformaticBatchesOptions {
  readonly kafka: KafkaConfig;
  readonly topic: string;
  readonly groupId: string;
  readonly handler: BatchHandler;
  /** Records the member's claim on its partitions before the first batch (fencing). */
  readonly claim: (memberId: string, partitions: readonly number[]) => Promise<void>;
  readonly concurrency: number;
  readonly maxWaitMs: number;
  /** Most bytes of one batch (and per partition per fetch). */
  readonly fetchMaxBytes: number;
  /** Most bytes of one fetch response. */
  readonly fetchResponseMaxBytes: number;
  readonly sessionTimeoutMs: number;
  /** Called once when a batch fails or the stream breaks; the loop has stopped. */
  readonly failed: (error: unknown) => void;
}

/** The running loop. */
export interface PlatformaticBatches {
  /** Waits for the batches in flight, then leaves the group. */
  stop(): Promise<void>;
}

/** Joins the group, claims the partitions and runs batches until stopped. */
export async function startPlatformaticBatches(
  options: PlatformaticBatchesOptions,
): Promise<PlatformaticBatches> {
  const consumer = new Consumer(platformaticConsumerOptions(options.kafka, {
    groupId: options.groupId,
    sessionTimeoutMs: options.sessionTimeoutMs,
    maxWaitMs: options.maxWaitMs,
    maxBytesPerPartition: options.fetchMaxBytes,
    maxBytes: options.fetchResponseMaxBytes,
  }));
  const stream = await consumer.consume({
    topics: [options.topic],
    mode: "committed",
    fallbackMode: "earliest",
    autocommit: false,
  });
  const memberId = consumer.memberId ?? "";
  const partitions = (consumer.assignments ?? [])
    .filter((a) => a.topic === options.topic)
    .flatMap((a) => a.partitions);
  await options.claim(memberId, partitions);

  let running = true;
  const pending = new Map<number, { records: RawRecord[]; bytes: number[] }>();
  const busy = new Set<number>();
  const inFlight = new Set<Promise<void>>();
  let waitingBytes = 0;
  let scheduled = false;
  const highWater = options.fetchResponseMaxBytes;
  const context: BatchContext = {
    memberId,
    logStartOffset: () => Promise.resolve(0n),
    heartbeat: () => Promise.resolve(), // the client heartbeats on its own
    isRunning: () => running,
  };
  const fail = (error: unknown) => {
    if (!running) return;
    running = false;
    stream.pause();
    options.failed(error);
  };

  const runBatch = async (partition: number, records: RawRecord[]) => {
    const result = await options.handler({
      topic: options.topic,
      partition,
      records,
      highWatermark: records[records.length - 1]!.offset + 1n,
    }, context);
    if (result.kind !== "done") {
      throw new Error(`partition ${partition}: the writer answered ${result.kind}, not done`);
    }
  };

  const pump = () => {
    scheduled = false;
    for (const [partition, queue] of pending) {
      if (!running || busy.size >= options.concurrency) break;
      if (busy.has(partition) || queue.records.length === 0) continue;
      // One batch: the partition's waiting records, at most fetchMaxBytes (at least one).
      let take = 0;
      let bytes = 0;
      while (take < queue.records.length) {
        const next = queue.bytes[take]!;
        if (take > 0 && bytes + next > options.fetchMaxBytes) break;
        bytes += next;
        take++;
      }
      const records = queue.records.splice(0, take);
      queue.bytes.splice(0, take);
      waitingBytes -= bytes;
      busy.add(partition);
      const done = runBatch(partition, records).catch(fail).finally(() => {
        busy.delete(partition);
        inFlight.delete(done);
        if (running && stream.isPaused() && waitingBytes < highWater / 2) stream.resume();
        schedule();
      });
      inFlight.add(done);
    }
  };
  const schedule = () => {
    if (scheduled || !running) return;
    scheduled = true;
    queueMicrotask(pump);
  };

  stream.on("error", fail);
  stream.on("data", (m) => {
    let queue = pending.get(m.partition);
    if (!queue) pending.set(m.partition, queue = { records: [], bytes: [] });
    const key = (m.key ?? null) as Uint8Array | null;
    const value = (m.value ?? null) as Uint8Array | null;
    queue.records.push({ offset: m.offset, key, value, timestampMs: Number(m.timestamp) });
    // Record bytes as in a fetch (key, value and ~70 bytes of record framing).
    const bytes = (key?.byteLength ?? 0) + (value?.byteLength ?? 0) + 70;
    queue.bytes.push(bytes);
    waitingBytes += bytes;
    if (waitingBytes >= highWater) stream.pause();
    schedule();
  });

  return {
    async stop() {
      running = false;
      stream.pause();
      await Promise.allSettled([...inFlight]);
      await stream.close().catch(() => {});
      await consumer.close(true).catch(() => {});
    },
  };
}
