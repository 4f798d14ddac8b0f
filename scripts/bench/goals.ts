/**
 * The performance goals, judged against a run's figures — reached or not, each
 * with the figure it was judged on. Pure: results in, outcomes out; the report prints them
 * next to the figures.
 */
import type { BenchResults, LoadStepFigures, MemoryRunFigures } from "./results.ts";

/** One goal's outcome. */
export interface GoalOutcome {
  /** The goal as the issue states it. */
  readonly goal: string;
  /** Which figure it was judged on (with the size it was measured at). */
  readonly figure: string;
  /** The figure, in `unit`; null when the run has no such figure. */
  readonly value: number | null;
  readonly target: number;
  readonly unit: string;
  readonly reached: boolean;
}

/** The figures goals are judged on (everything but the goals). */
export type MeasuredResults = Omit<BenchResults, "goals">;

/** The ceilings the report divides by (records or rows per second). */
export interface Ceilings {
  /** ProducerPerformance (acks=all, idempotent). */
  readonly kafkaProducer: number;
  /** ConsumerPerformance's fetch rate (group join excluded, as our steady state is). */
  readonly kafkaConsumer: number;
  /** COPY into a scratch copy of heartbeat_events. */
  readonly postgres: number;
  /** The lower of the Kafka consumer and PostgreSQL ceilings: what a drain could reach. */
  readonly drain: number;
  /** The lowest of all three: what produce → store could reach end to end. */
  readonly endToEnd: number;
}

/** The run's ceilings. */
export function ceilings(r: Pick<MeasuredResults, "kafka" | "postgres">): Ceilings {
  const kafkaProducer = r.kafka.producer.recordsPerSecond;
  const kafkaConsumer = r.kafka.consumer.fetchRecordsPerSecond;
  const postgres = r.postgres.rowsPerSecond;
  return {
    kafkaProducer,
    kafkaConsumer,
    postgres,
    drain: Math.min(kafkaConsumer, postgres),
    endToEnd: Math.min(kafkaProducer, kafkaConsumer, postgres),
  };
}

/** The step the latency goals are judged at: offered 10,000/s, else the highest below. */
export function latencyGoalStep(steps: readonly LoadStepFigures[]): LoadStepFigures | undefined {
  return steps.find((s) => s.offered === 10_000) ??
    steps.filter((s) => s.offered < 10_000).sort((a, b) => b.offered - a.offered)[0];
}

/** The memory run the RSS goal is judged at: 100,000 customers, else the largest. */
export function memoryGoalRun(runs: readonly MemoryRunFigures[]): MemoryRunFigures | undefined {
  return runs.find((m) => m.customers === 100_000) ??
    [...runs].sort((a, b) => b.customers - a.customers)[0];
}

/** Memory goals count in MB of 10^6 bytes (the stricter reading of "200 MB"). */
export const MEGABYTE = 1_000_000;

/** Judges every goal; a goal stated with "≥" is a floor, any other a ceiling. */
export function evaluateGoals(r: MeasuredResults): GoalOutcome[] {
  const c = ceilings(r);
  const rules = r.micro.benches.find((b) => b.file.includes("rules/"));
  const step = latencyGoalStep(r.sustained.steps);
  const at = step
    ? `at ${step.offered.toLocaleString("en")}/s${step.bounded ? "" : " (not bounded)"}`
    : "no step";
  const run = memoryGoalRun(r.memory.runs);
  const judge = (
    goal: string,
    figure: string,
    value: number | null,
    target: number,
    unit: string,
  ): GoalOutcome => ({
    goal,
    figure,
    value,
    target,
    unit,
    reached: value !== null && (goal.includes("≥") ? value >= target : value <= target),
  });
  const latency = (which: "stored" | "anomaly") => step && step.bounded ? step[which].p99 : null;
  return [
    judge(
      "consumer drain ≥ 100,000 events/s",
      `steady-state drain of ${r.consumerDrain.events.toLocaleString("en")} events`,
      r.consumerDrain.steadyEventsPerSecond,
      100_000,
      "events/s",
    ),
    judge(
      "consumer drain ≥ 0.5× the lower of the Kafka and PostgreSQL ceilings",
      `steady-state drain / ${Math.round(c.drain).toLocaleString("en")}/s`,
      c.drain > 0 ? r.consumerDrain.steadyEventsPerSecond / c.drain : null,
      0.5,
      "×",
    ),
    judge(
      "detector drain ≥ 100,000 readings/s",
      `steady-state drain of ${r.detectorDrain.events.toLocaleString("en")} events`,
      r.detectorDrain.steadyReadingsPerSecond,
      100_000,
      "readings/s",
    ),
    judge(
      "rule engine ≥ 1,000,000 readings/s on one core",
      rules ? `deno bench: ${rules.name}` : "no rule-engine bench",
      rules?.readingsPerSecond ?? null,
      1_000_000,
      "readings/s",
    ),
    judge(
      "event-to-stored p99 ≤ 250 ms at 10,000 events/s sustained",
      `sustained step ${at}`,
      latency("stored"),
      0.25,
      "s",
    ),
    judge(
      "event-to-anomaly p99 ≤ 250 ms",
      `sustained step ${at}`,
      latency("anomaly"),
      0.25,
      "s",
    ),
    judge(
      "detector state ≤ 256 bytes per customer",
      `in-memory state slab (rule + alert engines), ${
        r.memory.detectorState.customers.toLocaleString("en")
      } customers`,
      r.memory.detectorState.inMemoryBytesPerCustomer,
      256,
      "bytes",
    ),
    ...(["producer", "consumer", "detector"] as const).map((service) =>
      judge(
        `${service} ≤ 200 MB RSS at 100k customers`,
        run ? `peak RSS, ${run.customers.toLocaleString("en")} customers` : "no memory run",
        run?.peakRssBytes[service] ?? null,
        MEGABYTE * 200,
        "bytes",
      )
    ),
  ];
}
