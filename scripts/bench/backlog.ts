/**
 * The backlog the ceilings and drains share: an isolated pipeline (24 raw partitions)
 * whose raw topic the real producer fills with `--rate 0` (as fast as the broker confirms,
 * acks=all, idempotent), before any consumer runs. Its fill rate is our producer's figure.
 */
import type { IsolatedPipeline } from "../chaos/isolated_pipeline.ts";
import { createBenchPipeline } from "./running_pipeline.ts";
import type { BenchContext } from "./context.ts";
import { backlogEvents } from "./plan.ts";
import type { ProducerFigures } from "./results.ts";
import { withRssWatch } from "./rss.ts";
import { endOffsets } from "./progress.ts";
import { launchProducer, producerTotals } from "./services.ts";

/** A filled raw topic and the producer's figures. */
export interface Backlog {
  readonly pipeline: IsolatedPipeline;
  /** Records in the raw topic. */
  readonly events: number;
  readonly producer: ProducerFigures;
}

/**
 * Creates the pipeline (`<runId>-<name>`, default `backlog`) and fills it with the plan's
 * backlog, simulated from `seed` (default: the plan's; another seed gives other event ids,
 * so a second backlog's rows never collide with the first's).
 */
export async function fillBacklog(
  ctx: BenchContext,
  options: { name?: string; seed?: number } = {},
): Promise<Backlog> {
  const { backlog } = ctx.plan;
  const pipeline = await createBenchPipeline(ctx, options.name ?? "backlog");
  const planned = backlogEvents(ctx.plan);
  ctx.log(`producing the backlog: ${planned.toLocaleString("en")} events at --rate 0`);
  const [totals, peakRssBytes] = await withRssWatch(async (watch) => {
    const producer = launchProducer(pipeline.env, {
      customers: backlog.customers,
      rate: 0,
      durationS: backlog.seconds,
      seed: options.seed ?? ctx.plan.seed,
      invalidRate: backlog.invalidRate,
    }, watch);
    return await producerTotals(producer.process, ctx.plan.drainTimeoutS * 1000);
  });
  const events = await endOffsets(ctx.admin, pipeline.topics.raw);
  ctx.log(`  ${events.toLocaleString("en")} events in ${totals.seconds.toFixed(1)} s`);
  return {
    pipeline,
    events,
    producer: {
      events: totals.confirmed,
      seconds: totals.seconds,
      eventsPerSecond: totals.confirmed / totals.seconds,
      peakRssBytes,
    },
  };
}
