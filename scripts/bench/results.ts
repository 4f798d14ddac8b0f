/**
 * The shape of `bench/results/<timestamp>.json`: every figure of one run, in seconds,
 * bytes and per-second rates (never formatted text). A figure that could not be measured
 * is `null`, never NaN (JSON has no NaN).
 */
import type { StorageFigures } from "./storage.ts";
import type { BenchPlan } from "./plan.ts";
import type { GoalOutcome } from "./goals.ts";
import type { ConsumerPerfSummary, ProducerPerfSummary } from "./kafka_perf_output.ts";
import type { MicroResult } from "./micro_output.ts";

/** The steps of a run, in the order they run; every one is a key of {@link BenchResults}. */
export const STEP_NAMES = [
  "micro",
  "producer",
  "kafka",
  "postgres",
  "consumerDrain",
  "detectorDrain",
  "clientDrain",
  "sustained",
  "memory",
  "storage",
] as const;

/** One of {@link STEP_NAMES}. */
export type StepName = typeof STEP_NAMES[number];

/** Where the run happened. */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly ramBytes: number;
  readonly os: string;
  readonly kernel: string;
  readonly virtualization: string | null;
  readonly deno: string;
  readonly kafka: string;
  readonly postgres: string;
  readonly java: string;
}

/** Peak resident memory per service name, bytes. */
export type PeakRss = Readonly<Record<string, number>>;

/** Our producer filling the backlog as fast as the broker confirms (`--rate 0`). */
export interface ProducerFigures {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly peakRssBytes: PeakRss;
}

/** Kafka's own tools on this broker. */
export interface KafkaCeiling {
  /** ProducerPerformance: acks=all, idempotence, our record values, 24 partitions. */
  readonly producer: ProducerPerfSummary & { readonly partitioner: string };
  /** ConsumerPerformance over the backlog topic (our records, keys and partitions). */
  readonly consumer: ConsumerPerfSummary;
}

/** COPY into a scratch copy of heartbeat_events (same indexes and constraints). */
export interface PostgresCeiling {
  readonly rows: number;
  readonly streams: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
}

/** One service emptying the backlog alone. */
export interface DrainFigures {
  readonly service: "consumer" | "detector";
  /** Records in the backlog (offsets the group had to commit). */
  readonly events: number;
  /** Valid readings among them: rows for the writer, evaluated readings for the detector. */
  readonly readings: number;
  /** From starting the process until the checkpoints covered the backlog. */
  readonly totalSeconds: number;
  /** From starting the process until the first committed checkpoint. */
  readonly startupSeconds: number;
  /** From the first committed checkpoint to the last. */
  readonly steadySeconds: number;
  /** events / totalSeconds (start-up included). */
  readonly eventsPerSecond: number;
  /** Events committed after the first checkpoint / steadySeconds. */
  readonly steadyEventsPerSecond: number;
  /** readings × the steady share / steadySeconds: rows (or readings) committed per second. */
  readonly steadyReadingsPerSecond: number;
  readonly peakRssBytes: PeakRss;
}

/** One consume-only drain of the backlog by one client, in a process of its own. */
export interface ClientDrainRun {
  /** `kafkajs` or `platformatic` (consume_only.ts). */
  readonly client: string;
  /** Which round (rounds alternate the clients, so drift hits both alike). */
  readonly round: number;
  /** Records read (the backlog; null when the run failed). */
  readonly records: number | null;
  /** Valid readings among them (validateRecord): the same for every client. */
  readonly valid: number | null;
  /** From starting the client to its first record (connect, group join, first fetch). */
  readonly startupSeconds: number | null;
  /** From the first record to the last. */
  readonly steadySeconds: number | null;
  readonly totalSeconds: number | null;
  /** records / steadySeconds. */
  readonly steadyRecordsPerSecond: number | null;
  /** records / totalSeconds (start-up included). */
  readonly recordsPerSecond: number | null;
  /** Peak resident memory of the client's process (sampled every 100 ms). */
  readonly peakRssBytes: number | null;
  /** Why the run failed (the client's own error text); null when it worked. */
  readonly error: string | null;
}

/** The Kafka client comparison: the same consume-only drain with each client. */
export interface ClientDrainFigures {
  /** Records in the backlog. */
  readonly events: number;
  /** Each client's package as pinned in deno.json, e.g. `npm:kafkajs@2.2.4`. */
  readonly clients: Readonly<Record<string, string>>;
  /** The fetch settings every client got. */
  readonly settings: {
    readonly maxWaitMs: number;
    readonly maxBytesPerPartition: number;
    readonly maxBytes: number;
    /** Partitions handled at once (kafkajs only: the other client has no such setting). */
    readonly concurrency: number;
    /** The writer task's V8 flags, which the probes run with too. */
    readonly v8Flags: readonly string[];
  };
  readonly runs: readonly ClientDrainRun[];
  /**
   * The full exactly-once drain (the writer's own batch handler) with each client's fetch
   * loop, each run on a fresh backlog of its own (fresh event ids, so no run meets another's
   * rows); rounds alternate the clients.
   */
  readonly writerRuns: readonly ClientWriterRun[];
}

/** One full writer drain in the client comparison. */
export interface ClientWriterRun {
  readonly client: string;
  readonly round: number;
  readonly drain: DrainFigures;
}

/** Quantiles of one latency histogram over a step, seconds. */
export interface LatencyFigures {
  readonly count: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

/** Lag (records on the broker not committed to PostgreSQL) of both groups. */
export interface GroupLags {
  readonly writer: number;
  readonly detector: number;
}

/** One offered-load step of the sustained run. */
export interface LoadStepFigures {
  readonly offered: number;
  /** Events the producer got confirmed per second of its run. */
  readonly achieved: number;
  readonly produced: number;
  readonly lagAtProducerEnd: GroupLags;
  readonly lagAfterSettle: GroupLags;
  /** Largest lag of either group sampled during the step (once a second). */
  readonly maxLag: number;
  readonly bounded: boolean;
  /** Why the step is not bounded (empty when it is). */
  readonly reasons: readonly string[];
  /** Seconds from the end of production until both groups had drained; null: not in time. */
  readonly drainedAfterS: number | null;
  readonly stored: LatencyFigures;
  readonly anomaly: LatencyFigures;
  readonly peakRssBytes: PeakRss;
}

/** The sustained end-to-end run. */
export interface SustainedFigures {
  readonly customers: number;
  readonly stepS: number;
  readonly settleS: number;
  readonly steps: readonly LoadStepFigures[];
  /** The highest offered rate whose step was bounded; null when none was. */
  readonly highestBoundedRate: number | null;
}

/** One memory run. */
export interface MemoryRunFigures {
  readonly customers: number;
  readonly rate: number;
  readonly durationS: number;
  readonly events: number;
  readonly peakRssBytes: PeakRss;
  /** The detector's V8 heap in use at the end (its /metrics). */
  readonly detectorHeapBytes: number | null;
}

/** Memory figures. */
export interface MemoryFigures {
  readonly runs: readonly MemoryRunFigures[];
  readonly detectorState: {
    readonly customers: number;
    /**
     * Memory per customer of the detector's state slab (both engines' records, id index and
     * id strings; V8 heap + external), measured after GC (scripts/bench/state_size_probe.ts).
     */
    readonly inMemoryBytesPerCustomer: number;
    /** avg(pg_column_size(state)) in detector_state: the stored JSONB, not memory. */
    readonly storedBytesPerCustomer: number | null;
  };
}

/** Micro benchmarks (`deno bench`). */
export interface MicroFigures {
  readonly benches: readonly MicroResult[];
}

/** Everything one run measured. */
export interface BenchResults {
  readonly version: 1;
  readonly mode: "full" | "smoke";
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: MachineInfo;
  readonly plan: BenchPlan;
  readonly micro: MicroFigures;
  readonly producer: ProducerFigures;
  readonly kafka: KafkaCeiling;
  readonly postgres: PostgresCeiling;
  readonly consumerDrain: DrainFigures;
  readonly detectorDrain: DrainFigures;
  readonly clientDrain: ClientDrainFigures;
  readonly sustained: SustainedFigures;
  readonly memory: MemoryFigures;
  readonly storage: StorageFigures;
  readonly goals: readonly GoalOutcome[];
}

/**
 * A run of some steps only (`--only`): the same figures for the steps it ran, the others
 * absent, no goals judged (a goal needs the whole run).
 */
export type PartialBenchResults =
  & Omit<BenchResults, StepName | "goals">
  & Partial<Pick<BenchResults, StepName>>
  & { readonly only: readonly StepName[] };
