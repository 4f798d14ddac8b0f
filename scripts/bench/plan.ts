/**
 * The sizes of a benchmark run. `full` is what `deno task bench` measures (10 to 20
 * minutes on two cores); `smoke` is tiny, only to prove the harness works end to end
 * (`deno task test` runs it). Pure data: no step reads anything else to decide a size.
 */
import type { StoragePlan } from "./storage.ts";

/** Paced production of the sustained-load steps. */
export interface LoadPlan {
  /** Simulated customers (each reports every customers / rate seconds). */
  readonly customers: number;
  /** Offered-load seconds per step. */
  readonly stepS: number;
  /** Seconds between the end of production and the lag reading that judges the step. */
  readonly settleS: number;
  /** The offered rates (events/s), in order. */
  readonly rates: readonly number[];
  /** After the listed rates: multiply the last by this until saturation (0: stop there). */
  readonly growth: number;
  /** Most steps in all, listed ones included. */
  readonly maxSteps: number;
  /** How long the backlog of a step may take to drain before the run stops stepping up. */
  readonly drainTimeoutS: number;
}

/** One memory run: paced production with all three services running together. */
export interface MemoryPlan {
  readonly customers: number;
  readonly rate: number;
  readonly durationS: number;
}

/** Everything that sizes a run. */
export interface BenchPlan {
  readonly mode: "full" | "smoke";
  /** Seeds the simulator: the backlog uses it, sustained step i seed + 100 + i, memory run j seed + 200 + j. */
  readonly seed: number;
  /** Partitions of every raw topic (the project's 24). */
  readonly partitions: number;
  /**
   * The pre-filled backlog for the ceilings and drains: `customers × seconds` readings
   * (1 Hz in simulated time), `invalidRate` of them malformed on purpose.
   */
  readonly backlog: {
    readonly customers: number;
    readonly seconds: number;
    readonly invalidRate: number;
  };
  /** Distinct simulated records in ProducerPerformance's payload file. */
  readonly payloadSamples: number;
  /** Parallel COPY streams of the PostgreSQL ceiling (one connection each). */
  readonly copyStreams: number;
  /** Time limit of one drain (the backlog, by one service). */
  readonly drainTimeoutS: number;
  /** Rounds of the client comparison; each drains the backlog once with every client. */
  readonly clientDrainRounds: number;
  /** Rounds of the client comparison's full writer drains (a fresh backlog per drain). */
  readonly clientWriterRounds: number;
  readonly load: LoadPlan;
  readonly memory: readonly MemoryPlan[];
  /** The storage run (issue #6): flat cost as the readings grow from 1M to 10M. */
  readonly storage: StoragePlan;
  /** PRODUCER_EPISODE_MULTIPLIER for the load and memory runs (undefined: the default). */
  readonly episodeMultiplier?: number;
}

/**
 * The plan of a mode. `cores` sets the COPY streams (default: this machine's); `seed`
 * (default 42) seeds every simulated stream — the harness draws one per run, because the
 * same seed gives the same event ids, which a database that kept an earlier run's rows
 * would refuse as duplicates (`--use-running-stack`).
 */
export function benchPlan(
  mode: "full" | "smoke",
  options: { cores?: number; seed?: number } = {},
): BenchPlan {
  const cores = options.cores ?? navigator.hardwareConcurrency;
  const seed = options.seed ?? 42;
  const full: BenchPlan = {
    mode: "full",
    seed,
    partitions: 24,
    backlog: { customers: 10_000, seconds: 100, invalidRate: 0.01 },
    payloadSamples: 10_000,
    copyStreams: Math.max(1, Math.min(4, cores)),
    drainTimeoutS: 900,
    clientDrainRounds: 3,
    clientWriterRounds: 2,
    load: {
      customers: 10_000,
      stepS: 60,
      settleS: 5,
      rates: [1_000, 10_000, 25_000, 50_000],
      growth: 1.5,
      maxSteps: 8,
      drainTimeoutS: 300,
    },
    memory: [
      { customers: 10_000, rate: 10_000, durationS: 10 },
      { customers: 100_000, rate: 20_000, durationS: 30 },
    ],
    // 10,000 customers every 864 s: one million readings per simulated day, so both measured
    // windows fill the same stretch of a daily partition (the 1st day and the 10th).
    storage: {
      customers: 10_000,
      intervalS: 864,
      firstRows: 1_000_000,
      totalRows: 10_000_000,
      windowRows: 200_000,
      batchRows: 5_000,
      queryRuns: 50,
    },
  };
  if (mode === "full") return full;
  // Smoke: the same steps on a few thousand events, two short load steps and no more.
  return {
    ...full,
    mode: "smoke",
    backlog: { ...full.backlog, customers: 100, seconds: 30 },
    payloadSamples: 500,
    drainTimeoutS: 60,
    clientDrainRounds: 1,
    clientWriterRounds: 1,
    load: { ...full.load, customers: 100, stepS: 3, settleS: 1, rates: [300, 600], growth: 0 },
    memory: [
      { customers: 100, rate: 200, durationS: 2 },
      { customers: 1000, rate: 1000, durationS: 2 },
    ],
    storage: {
      customers: 50,
      intervalS: 864,
      firstRows: 5_000,
      totalRows: 15_000,
      windowRows: 1_000,
      batchRows: 500,
      queryRuns: 3,
    },
    // Enough anomalies in a few thousand readings that the latency histogram has samples.
    episodeMultiplier: 50,
  };
}

/** How many events the backlog holds. */
export function backlogEvents(plan: BenchPlan): number {
  return plan.backlog.customers * plan.backlog.seconds;
}
