/**
 * One benchmark run, step by step, on a stack that is already up: machine, micro
 * benchmarks, the backlog (our producer), Kafka's and PostgreSQL's ceilings, the writer's
 * and the detector's drains of that backlog, the sustained steps, memory — then the goals.
 * Steps run one after another, never side by side, so each has the machine to itself.
 */
import { fillBacklog } from "./backlog.ts";
import type { BenchContext } from "./context.ts";
import { measureDrain } from "./drain.ts";
import { evaluateGoals, type MeasuredResults } from "./goals.ts";
import { measureKafkaCeiling } from "./kafka_ceiling.ts";
import { describeMachine } from "./machine.ts";
import { measureMemory } from "./memory.ts";
import { measureMicro } from "./micro.ts";
import { measurePostgresCeiling } from "./postgres_ceiling.ts";
import type { BenchResults } from "./results.ts";
import { measureSustained } from "./sustained.ts";

/** Runs every step and judges the goals. */
export async function runBench(ctx: BenchContext): Promise<BenchResults> {
  const startedAt = new Date().toISOString();
  const machine = await describeMachine(ctx.sql, ctx.infra);
  const micro = await measureMicro(ctx);
  const backlog = await fillBacklog(ctx);
  let drains;
  try {
    const kafka = await measureKafkaCeiling(ctx, backlog);
    const postgres = await measurePostgresCeiling(ctx, backlog);
    const consumerDrain = await measureDrain(ctx, backlog, "consumer");
    const detectorDrain = await measureDrain(ctx, backlog, "detector");
    drains = { kafka, postgres, consumerDrain, detectorDrain };
  } finally {
    await ctx.admin.deleteTopics({ topics: Object.values(backlog.pipeline.topics) }).catch(
      () => {},
    );
  }
  const sustained = await measureSustained(ctx);
  const memory = await measureMemory(ctx);
  const measured: MeasuredResults = {
    version: 1,
    mode: ctx.plan.mode,
    startedAt,
    finishedAt: new Date().toISOString(),
    machine,
    plan: ctx.plan,
    micro,
    producer: backlog.producer,
    ...drains,
    sustained,
    memory,
  };
  return { ...measured, goals: evaluateGoals(measured) };
}
