/**
 * One benchmark run, step by step, on a stack that is already up: machine, micro
 * benchmarks, the backlog (our producer), Kafka's and PostgreSQL's ceilings, the writer's
 * and the detector's drains of that backlog, the Kafka client comparison on it, the
 * sustained steps, memory, storage growth — then the goals. Steps run one after another, never side by
 * side, so each has the machine to itself. `only` runs some steps alone (`--only`).
 */
import { fillBacklog } from "./backlog.ts";
import { measureClientDrain } from "./client_drain.ts";
import type { BenchContext } from "./context.ts";
import { measureDrain } from "./drain.ts";
import { stepsToRun } from "./flags.ts";
import { evaluateGoals, type MeasuredResults } from "./goals.ts";
import { measureKafkaCeiling } from "./kafka_ceiling.ts";
import { describeMachine } from "./machine.ts";
import { measureMemory } from "./memory.ts";
import { measureMicro } from "./micro.ts";
import { measurePostgresCeiling } from "./postgres_ceiling.ts";
import {
  type BenchResults,
  type PartialBenchResults,
  STEP_NAMES,
  type StepName,
} from "./results.ts";
import { measureStorage } from "./storage.ts";
import { measureSustained } from "./sustained.ts";

/** Runs every step and judges the goals. */
export async function runBench(ctx: BenchContext): Promise<BenchResults>;
/** Runs the steps of `only` (and those they need); no goals. */
export async function runBench(
  ctx: BenchContext,
  only: readonly StepName[],
): Promise<PartialBenchResults>;
export async function runBench(
  ctx: BenchContext,
  only?: readonly StepName[],
): Promise<BenchResults | PartialBenchResults> {
  const startedAt = new Date().toISOString();
  const steps = only ? stepsToRun(only) : undefined;
  const wanted = (step: StepName) => steps === undefined || steps.has(step);
  const measured: { -readonly [K in StepName]?: BenchResults[K] } = {};
  const machine = await describeMachine(ctx.sql, ctx.infra);
  if (wanted("micro")) measured.micro = await measureMicro(ctx);
  if (wanted("producer")) {
    const backlog = await fillBacklog(ctx);
    measured.producer = backlog.producer;
    try {
      if (wanted("kafka")) measured.kafka = await measureKafkaCeiling(ctx, backlog);
      if (wanted("postgres")) measured.postgres = await measurePostgresCeiling(ctx, backlog);
      if (wanted("consumerDrain")) {
        measured.consumerDrain = await measureDrain(ctx, backlog, "consumer");
      }
      if (wanted("detectorDrain")) {
        measured.detectorDrain = await measureDrain(ctx, backlog, "detector");
      }
      if (wanted("clientDrain")) measured.clientDrain = await measureClientDrain(ctx, backlog);
    } finally {
      await ctx.admin.deleteTopics({ topics: Object.values(backlog.pipeline.topics) }).catch(
        () => {},
      );
    }
  }
  if (wanted("sustained")) measured.sustained = await measureSustained(ctx);
  if (wanted("memory")) measured.memory = await measureMemory(ctx);
  if (wanted("storage")) measured.storage = await measureStorage(ctx, ctx.plan.storage);
  const common = {
    version: 1 as const,
    mode: ctx.plan.mode,
    startedAt,
    finishedAt: new Date().toISOString(),
    machine,
    plan: ctx.plan,
  };
  if (steps !== undefined) {
    return { ...common, ...measured, only: STEP_NAMES.filter((step) => steps.has(step)) };
  }
  const all = { ...common, ...measured } as unknown as MeasuredResults; // every step ran
  return { ...all, goals: evaluateGoals(all) };
}
