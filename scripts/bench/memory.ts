/**
 * Memory: for each planned customer count, a fresh pipeline with the producer (paced, so
 * every customer reports several times), the writer and the detector running together
 * until the readings are stored; the peak RSS of each service over the whole run, and the
 * detector's V8 heap at its end. Then the detector's state per customer, two ways: in
 * memory (state_size_probe.ts: V8 heap plus external bytes per customer of the detector's
 * state slab — both engines' state, the id index and the id strings — after GC) and stored
 * (the average `pg_column_size` of the JSONB rows in detector_state).
 */
import { run } from "../infra/process.ts";
import { sumByName } from "../pipeline/prom_text.ts";
import type { BenchContext } from "./context.ts";
import { BenchError } from "./errors.ts";
import type { MemoryPlan } from "./plan.ts";
import type { MemoryFigures, MemoryRunFigures } from "./results.ts";
import { withRssWatch } from "./rss.ts";
import { startPipeline } from "./running_pipeline.ts";
import { launchProducer, producerTotals } from "./services.ts";

/** Runs every memory run, then measures the state size at the largest customer count. */
export async function measureMemory(ctx: BenchContext): Promise<MemoryFigures> {
  const runs: MemoryRunFigures[] = [];
  for (const [index, plan] of ctx.plan.memory.entries()) {
    runs.push(await memoryRun(ctx, plan, index));
  }
  const customers = Math.max(...ctx.plan.memory.map((m) => m.customers));
  const probe = await run(Deno.execPath(), [
    "run",
    "--v8-flags=--expose-gc",
    `${ctx.root}/scripts/bench/state_size_probe.ts`,
    String(customers),
  ]);
  let inMemory: { bytesPerCustomer?: number } = {};
  try {
    inMemory = JSON.parse(probe.stdout);
  } catch {
    // reported below
  }
  if (probe.code !== 0 || !(Number(inMemory.bytesPerCustomer) > 0)) {
    throw new BenchError(
      "BENCH_TOOL_FAILED",
      `The state size probe failed (exit ${probe.code}): ${
        (probe.stderr || probe.stdout).trim().slice(0, 400)
      }; run \`deno run --v8-flags=--expose-gc scripts/bench/state_size_probe.ts ${customers}\` to see why.`,
    );
  }
  const [stored] = await ctx.sql<{ bytes: number | null }[]>`
    select avg(pg_column_size(state))::float8 as bytes from detector_state`;
  ctx.log(
    `  detector state: ${Math.round(inMemory.bytesPerCustomer!)} bytes per customer in memory`,
  );
  return {
    runs,
    detectorState: {
      customers,
      inMemoryBytesPerCustomer: inMemory.bytesPerCustomer!,
      storedBytesPerCustomer: stored?.bytes ?? null,
    },
  };
}

async function memoryRun(
  ctx: BenchContext,
  plan: MemoryPlan,
  index: number,
): Promise<MemoryRunFigures> {
  ctx.log(
    `memory: ${plan.customers.toLocaleString("en")} customers, ${
      plan.rate.toLocaleString("en")
    } events/s for ${plan.durationS} s`,
  );
  const running = await startPipeline(ctx, `memory${index + 1}`);
  try {
    const [figures, peakRssBytes] = await withRssWatch(async (watch) => {
      watch.add("consumer", running.consumer.process.pid);
      watch.add("detector", running.detector.process.pid);
      const producer = launchProducer(running.env, {
        customers: plan.customers,
        rate: plan.rate,
        durationS: plan.durationS,
        seed: ctx.plan.seed + 200 + index,
        invalidRate: ctx.plan.backlog.invalidRate,
      }, watch);
      const totals = await producerTotals(producer.process, (plan.durationS * 4 + 120) * 1000);
      await running.waitDrained(ctx.plan.drainTimeoutS * 1000);
      const heap = sumByName(await running.detector.scrape()).get(
        "heartbeat_process_heap_used_bytes",
      );
      return { events: totals.confirmed, detectorHeapBytes: heap ?? null };
    });
    ctx.log(
      `  peak RSS ${
        Object.entries(peakRssBytes).map(([name, bytes]) =>
          `${name} ${(bytes / 1e6).toFixed(0)} MB`
        ).join(", ")
      }`,
    );
    return { ...plan, ...figures, peakRssBytes };
  } finally {
    await running.stop();
  }
}
