/**
 * The consume-only drain that compares Kafka clients (issue #5): read a topic from its
 * earliest offsets in a fresh consumer group and do, per record, what the writer does
 * before it touches PostgreSQL — hand the key and value bytes to `validateRecord` (UTF-8
 * decoding, `JSON.parse`, the checks) — and nothing else. One adapter per client
 * (`consume_only_<client>.ts`) implements {@link ConsumeOnlyClient}; the tally here is the
 * same for all, so the clients differ only in how they fetch and decode.
 */
import type { KafkaConfig, ValidationConfig } from "../../shared/config/mod.ts";
import { validateRecord } from "../../shared/validation/mod.ts";

/** The clients compared, in the order a round runs them. */
export const CLIENT_NAMES = ["kafkajs", "platformatic"] as const;

/** One of {@link CLIENT_NAMES}. */
export type ClientName = typeof CLIENT_NAMES[number];

/** The import-map entry (deno.json) of each client, whose pinned version the report names. */
export const CLIENT_PACKAGES: Readonly<Record<ClientName, string>> = {
  kafkajs: "kafkajs",
  platformatic: "@platformatic/kafka",
};

/** How a client reads: the writer's own fetch settings, so each client gets the same. */
export interface ConsumeOnlyOptions {
  /** Brokers, client id, TLS and SASL (KAFKA_* settings). */
  readonly kafka: KafkaConfig;
  readonly topic: string;
  /** A fresh group: nothing committed, so every partition starts at its earliest offset. */
  readonly groupId: string;
  /** Longest a fetch waits for data (CONSUMER_MAX_WAIT_MS). */
  readonly maxWaitMs: number;
  /** Most bytes per partition per fetch (CONSUMER_FETCH_MAX_BYTES). */
  readonly maxBytesPerPartition: number;
  /** Most bytes per fetch response (as the services: shared/kafka/fetch_size.ts). */
  readonly maxBytes: number;
  /** Partitions handled at once, where the client has the notion (CONSUMER_CONCURRENCY). */
  readonly concurrency: number;
  /** The group session timeout, ms. */
  readonly sessionTimeoutMs: number;
}

/** Where an adapter hands each record; `done` settles once the expected count was taken. */
export interface RecordSink {
  take(key: Uint8Array | null, value: Uint8Array | null): void;
  readonly done: Promise<void>;
}

/**
 * A client adapter: joins the group, feeds every record to `sink` until `sink.done`
 * settles, then leaves the group and closes its connections.
 */
export type ConsumeOnlyClient = (options: ConsumeOnlyOptions, sink: RecordSink) => Promise<void>;

/** What one consume-only drain counted, and when (ms of `performance.now()`). */
export interface ConsumeOnlyTally extends RecordSink {
  readonly records: number;
  readonly valid: number;
  /** When the first record arrived (NaN before). */
  readonly firstAt: number;
  /** When the expected count was reached (NaN before). */
  readonly doneAt: number;
}

/**
 * A sink that validates each record as the writer does (`validation` settings, `nowMs`
 * fixed for the run) and counts records and valid readings; `done` resolves when
 * `expected` records arrived. Records beyond it (a client may deliver a batch at once)
 * are counted but not timed.
 */
export function createTally(
  expected: number,
  validation: ValidationConfig,
  nowMs: number,
  clock: () => number = () => performance.now(),
): ConsumeOnlyTally {
  let resolve!: () => void;
  const done = new Promise<void>((r) => resolve = r);
  const tally = {
    records: 0,
    valid: 0,
    firstAt: NaN,
    doneAt: NaN,
    done,
    take(key: Uint8Array | null, value: Uint8Array | null): void {
      if (tally.records === 0) tally.firstAt = clock();
      tally.records++;
      if (validateRecord({ key, value }, validation, nowMs).valid) tally.valid++;
      if (tally.records === expected) {
        tally.doneAt = clock();
        resolve();
      }
    },
  };
  if (expected <= 0) {
    tally.doneAt = clock();
    resolve();
  }
  return tally;
}

/** The line the probe prints: a run's counts and times, seconds. */
export interface ConsumeOnlyReport {
  readonly client: ClientName;
  readonly records: number;
  readonly valid: number;
  /** From starting the client (connect, group join, first fetch) to the first record. */
  readonly startupSeconds: number;
  /** From the first record to the last expected one. */
  readonly steadySeconds: number;
  readonly totalSeconds: number;
  /** The fetch settings it read with. */
  readonly settings: {
    readonly maxWaitMs: number;
    readonly maxBytesPerPartition: number;
    readonly maxBytes: number;
    readonly concurrency: number;
  };
}
