/**
 * Sustained end to end: the producer (paced), the writer and the detector run together on
 * one pipeline while the offered load steps up (the plan's rates, then ×growth until a
 * step is not bounded). Per step: the producer's achieved rate, both groups' lag (once a
 * second, at the end of production and after a settle), the event-to-stored and
 * event-to-anomaly latency quantiles from the services' histograms (bucket deltas over the
 * step, its drain included), and each service's peak RSS. Bounded is defined in
 * load_step.ts; the run stops stepping at the first step that is not.
 */
import type { BenchContext } from "./context.ts";
import { BenchError } from "./errors.ts";
import {
  type Bucket,
  bucketDelta,
  histogramQuantile,
  observations,
  parseBuckets,
} from "./histogram.ts";
import { judgeStep, nextRate } from "./load_step.ts";
import { latency } from "./format.ts";
import type { GroupLags, LatencyFigures, LoadStepFigures, SustainedFigures } from "./results.ts";
import { withRssWatch } from "./rss.ts";
import { type RunningPipeline, startPipeline } from "./running_pipeline.ts";
import { launchProducer, producerTotals } from "./services.ts";

const STORED = "heartbeat_event_to_stored_seconds";
const ANOMALY = "heartbeat_event_to_anomaly_seconds";

/** Runs the steps on a fresh pipeline. */
export async function measureSustained(ctx: BenchContext): Promise<SustainedFigures> {
  const { load } = ctx.plan;
  const running = await startPipeline(ctx, "load");
  const steps: LoadStepFigures[] = [];
  try {
    for (
      let offered = nextRate(load, steps);
      offered !== undefined;
      offered = nextRate(load, steps)
    ) {
      steps.push(await runStep(ctx, running, offered, steps.length));
    }
  } finally {
    await running.stop();
  }
  const bounded = steps.filter((s) => s.bounded).map((s) => s.offered);
  return {
    customers: load.customers,
    stepS: load.stepS,
    settleS: load.settleS,
    steps,
    highestBoundedRate: bounded.length > 0 ? Math.max(...bounded) : null,
  };
}

async function runStep(
  ctx: BenchContext,
  running: RunningPipeline,
  offered: number,
  index: number,
): Promise<LoadStepFigures> {
  const { load } = ctx.plan;
  ctx.log(
    `sustained step ${index + 1}: ${offered.toLocaleString("en")} events/s for ${load.stepS} s`,
  );
  const before = await latencyBuckets(running);
  const [observed, peakRssBytes] = await withRssWatch(async (watch) => {
    watch.add("consumer", running.consumer.process.pid);
    watch.add("detector", running.detector.process.pid);
    const producer = launchProducer(running.env, {
      customers: load.customers,
      rate: offered,
      durationS: load.stepS,
      seed: ctx.plan.seed + 100 + index,
      invalidRate: ctx.plan.backlog.invalidRate,
    }, watch);
    let maxLag = 0;
    const sampling = (async () => {
      while (!producer.process.hasExited()) {
        const lag = await running.lags().catch(() => undefined); // a missed sample is no error
        if (lag) maxLag = Math.max(maxLag, lag.writer, lag.detector);
        await sleep(1000);
      }
    })();
    // A producer that cannot keep up sends the step's records late, not never: give it time.
    const totals = await producerTotals(producer.process, (load.stepS * 4 + 120) * 1000)
      .finally(() => sampling);
    const producedAt = performance.now();
    const lagAtProducerEnd = await running.lags();
    await sleep(load.settleS * 1000);
    const lagAfterSettle = await running.lags();
    const achieved = totals.confirmed / totals.seconds;
    const verdict = judgeStep({ offered, achieved, lagAfterSettle });
    let drainedAfterS: number | null = null;
    try {
      await running.waitDrained(load.drainTimeoutS * 1000);
      drainedAfterS = (performance.now() - producedAt) / 1000;
    } catch (error) {
      if (!(error instanceof BenchError && error.code === "BENCH_TIMEOUT")) throw error;
      verdict.bounded = false;
      verdict.reasons.push(`the backlog did not drain within ${load.drainTimeoutS} s`);
    }
    return {
      offered,
      achieved,
      produced: totals.confirmed,
      lagAtProducerEnd,
      lagAfterSettle,
      maxLag: Math.max(maxLag, lagAtProducerEnd.writer, lagAtProducerEnd.detector),
      ...verdict,
      drainedAfterS,
    };
  });
  const after = await latencyBuckets(running);
  const step: LoadStepFigures = {
    ...observed,
    stored: quantiles(bucketDelta(before.stored, after.stored)),
    anomaly: quantiles(bucketDelta(before.anomaly, after.anomaly)),
    peakRssBytes,
  };
  ctx.log(
    `  achieved ${Math.round(step.achieved).toLocaleString("en")}/s, lag after settle ${
      describeLags(step.lagAfterSettle)
    }, stored p99 ${latency(step.stored.p99)}, anomaly p99 ${latency(step.anomaly.p99)}: ${
      step.bounded ? "bounded" : `not bounded (${step.reasons.join("; ")})`
    }`,
  );
  return step;
}

async function latencyBuckets(
  running: RunningPipeline,
): Promise<{ stored: Bucket[]; anomaly: Bucket[] }> {
  const [consumer, detector] = await Promise.all([
    running.consumer.scrape(),
    running.detector.scrape(),
  ]);
  return { stored: parseBuckets(consumer, STORED), anomaly: parseBuckets(detector, ANOMALY) };
}

function quantiles(buckets: Bucket[]): LatencyFigures {
  const q = (p: number) => {
    const value = histogramQuantile(p, buckets);
    return Number.isFinite(value) ? value : null;
  };
  return { count: observations(buckets), p50: q(0.5), p95: q(0.95), p99: q(0.99) };
}

function describeLags(lags: GroupLags): string {
  return `writer ${lags.writer}, detector ${lags.detector}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
