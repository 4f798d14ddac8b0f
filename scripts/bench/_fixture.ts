/** A plausible full run's results, for the pure report and goal tests. */
import { benchPlan } from "./plan.ts";
import { evaluateGoals, type MeasuredResults } from "./goals.ts";
import type { BenchResults, ClientDrainRun, LoadStepFigures } from "./results.ts";

const MB = 1_000_000;

function step(offered: number, p99: number, bounded = true): LoadStepFigures {
  return {
    offered,
    achieved: offered * 0.99,
    produced: offered * 60,
    lagAtProducerEnd: { writer: offered / 10, detector: offered / 5 },
    lagAfterSettle: { writer: 0, detector: bounded ? 0 : offered * 3 },
    maxLag: offered / 5,
    bounded,
    reasons: bounded ? [] : [`detector lag ${offered * 3} after the settle, above ${offered}`],
    drainedAfterS: bounded ? 1 : null,
    stored: { count: offered * 60, p50: p99 / 3, p95: p99 / 1.5, p99 },
    anomaly: { count: offered * 0.6, p50: p99 / 2, p95: p99, p99: p99 * 1.2 },
    peakRssBytes: { producer: 90 * MB, consumer: 120 * MB, detector: 150 * MB },
  };
}

function clientRun(
  client: string,
  round: number,
  steady: number,
  rss: number,
): ClientDrainRun {
  return {
    client,
    round,
    records: 1_000_000,
    valid: 990_000,
    startupSeconds: 0.5,
    steadySeconds: 1_000_000 / steady,
    totalSeconds: 0.5 + 1_000_000 / steady,
    steadyRecordsPerSecond: steady,
    recordsPerSecond: 1_000_000 / (0.5 + 1_000_000 / steady),
    peakRssBytes: rss,
    error: null,
  };
}

/** The measured figures; `overrides` replaces top-level parts. */
export function sampleMeasured(overrides: Partial<MeasuredResults> = {}): MeasuredResults {
  const drain = {
    events: 1_000_000,
    readings: 990_000,
    totalSeconds: 12,
    startupSeconds: 2,
    steadySeconds: 10,
    eventsPerSecond: 83_333,
    steadyEventsPerSecond: 120_000,
    steadyReadingsPerSecond: 118_800,
    peakRssBytes: { consumer: 150 * MB },
  };
  return {
    version: 1,
    mode: "full",
    startedAt: "2026-05-01T10:00:00.000Z",
    finishedAt: "2026-05-01T10:15:00.000Z",
    machine: {
      cpu: "AMD EPYC",
      cores: 2,
      ramBytes: 24 * 2 ** 30,
      os: "Debian GNU/Linux 12 (bookworm)",
      kernel: "6.1.0",
      virtualization: "KVM",
      deno: "2.9.6",
      kafka: "4.3.1",
      postgres: "15.18",
      java: "openjdk 17.0.14",
    },
    plan: benchPlan("full", { cores: 2 }),
    micro: {
      benches: [
        {
          file: "shared/rules/evaluate_reading_bench.ts",
          name: "rules: evaluateReading × 100000",
          nsPerIteration: 28_000_000,
          readingsPerIteration: 100_000,
          readingsPerSecond: 3_571_428,
        },
        {
          file: "shared/validation/validate_record_bench.ts",
          name: "validateRecord: valid reading",
          nsPerIteration: 2_500,
          readingsPerIteration: 1,
          readingsPerSecond: 400_000,
        },
      ],
    },
    producer: {
      events: 1_000_000,
      seconds: 20,
      eventsPerSecond: 50_000,
      peakRssBytes: { producer: 100 * MB },
    },
    kafka: {
      producer: {
        records: 1_000_000,
        recordsPerSecond: 200_000,
        mbPerSecond: 38,
        avgLatencyMs: 50,
        maxLatencyMs: 300,
        p50Ms: 40,
        p95Ms: 120,
        p99Ms: 200,
        p999Ms: 290,
        partitioner: "round-robin over 24 partitions, no keys",
      },
      consumer: {
        records: 1_000_000,
        megabytes: 190,
        recordsPerSecond: 400_000,
        fetchRecordsPerSecond: 500_000,
        fetchMbPerSecond: 95,
        rebalanceMs: 500,
        fetchMs: 2000,
      },
    },
    postgres: { rows: 1_000_000, streams: 2, seconds: 4, rowsPerSecond: 220_000 },
    consumerDrain: { service: "consumer", ...drain },
    detectorDrain: { service: "detector", ...drain, peakRssBytes: { detector: 160 * MB } },
    clientDrain: {
      events: 1_000_000,
      clients: { kafkajs: "npm:kafkajs@2.2.4", platformatic: "npm:@platformatic/kafka@2.12.1" },
      settings: {
        maxWaitMs: 100,
        maxBytesPerPartition: 1_048_576,
        maxBytes: 10_485_760,
        concurrency: 4,
        v8Flags: [],
      },
      runs: [
        clientRun("kafkajs", 1, 400_000, 300 * MB),
        clientRun("platformatic", 1, 380_000, 350 * MB),
        clientRun("kafkajs", 2, 420_000, 310 * MB),
        { ...clientRun("platformatic", 2, 1, 90 * MB), error: "exit 1: broker said no" },
      ],
      writerRuns: [
        { client: "kafkajs", round: 1, drain: { service: "consumer", ...drain } },
        {
          client: "platformatic",
          round: 1,
          drain: {
            service: "consumer",
            ...drain,
            steadyEventsPerSecond: 110_000,
            peakRssBytes: { consumer: 170 * MB },
          },
        },
      ],
    },
    sustained: {
      customers: 10_000,
      stepS: 60,
      settleS: 5,
      steps: [step(1_000, 0.04), step(10_000, 0.12), step(25_000, 0.3), step(50_000, 12, false)],
      highestBoundedRate: 25_000,
    },
    memory: {
      runs: [
        {
          customers: 10_000,
          rate: 10_000,
          durationS: 10,
          events: 100_000,
          peakRssBytes: { producer: 80 * MB, consumer: 110 * MB, detector: 120 * MB },
          detectorHeapBytes: 40 * MB,
        },
        {
          customers: 100_000,
          rate: 20_000,
          durationS: 30,
          events: 600_000,
          peakRssBytes: { producer: 150 * MB, consumer: 130 * MB, detector: 210 * MB },
          detectorHeapBytes: 70 * MB,
        },
      ],
      detectorState: {
        customers: 100_000,
        inMemoryBytesPerCustomer: 230,
        storedBytesPerCustomer: 180,
      },
    },
    storage: {
      plan: benchPlan("full", { cores: 2 }).storage,
      first: {
        rows: 1_000_000,
        partitions: 8,
        insertRowsPerS: 60_000,
        rollupMinutesPerS: 90,
        queries: {
          "readings per minute (60 min, rollups)": { p50Ms: 0.5, p95Ms: 0.9 },
          "population stats (5 min, rollups)": { p50Ms: 1.8, p95Ms: 2.3 },
          "customer drill-down (6 h, raw)": { p50Ms: 0.2, p95Ms: 0.4 },
        },
      },
      second: {
        rows: 10_000_000,
        partitions: 17,
        insertRowsPerS: 57_000,
        rollupMinutesPerS: 90,
        queries: {
          "readings per minute (60 min, rollups)": { p50Ms: 0.5, p95Ms: 0.9 },
          "population stats (5 min, rollups)": { p50Ms: 1.8, p95Ms: 2.3 },
          "customer drill-down (6 h, raw)": { p50Ms: 0.2, p95Ms: 0.4 },
        },
      },
      ratios: {
        "insert rows/s": 0.95,
        "readings per minute (60 min, rollups)": 1,
        "population stats (5 min, rollups)": 1,
        "customer drill-down (6 h, raw)": 1,
      },
      drilldownPlan: "Index Scan using heartbeat_events_p20261114_00_customer_id_event_time_idx",
    },
    ...overrides,
  };
}

/** The sample with its goals judged. */
export function sampleResults(overrides: Partial<MeasuredResults> = {}): BenchResults {
  const measured = sampleMeasured(overrides);
  return { ...measured, goals: evaluateGoals(measured) };
}
