/**
 * A drain: one service alone (the writer, then the detector, each with a fresh group)
 * empties the backlog with its full exactly-once path. Timed from starting the process
 * until the group's checkpoints in PostgreSQL (the source of truth for progress) cover the
 * topic's end offsets, polled every 100 ms; the steady state starts at the first committed
 * checkpoint, so the service's start-up and group join are left out of it.
 */
import type { Backlog } from "./backlog.ts";
import type { BenchContext } from "./context.ts";
import type { DrainFigures } from "./results.ts";
import { withRssWatch } from "./rss.ts";
import { committed, waitFor } from "./progress.ts";
import { type BenchService, exitedEarly, launch } from "./services.ts";

/**
 * Drains the backlog with `service` and stops it. `launch` starts something else in its
 * place that commits to the same group (the client comparison's platformatic writer).
 */
export async function measureDrain(
  ctx: BenchContext,
  backlog: Backlog,
  service: "consumer" | "detector",
  start: (env: Record<string, string>) => BenchService = (env) => launch(service, env),
): Promise<DrainFigures> {
  const { topics, groups } = backlog.pipeline;
  const group = service === "consumer" ? groups.writer : groups.detector;
  ctx.log(`${service} drain: ${backlog.events.toLocaleString("en")} events`);
  const started = performance.now();
  let done = 0;
  let lastEmpty = started; // the last poll that found nothing committed
  let first: { at: number; done: number } | undefined;
  let ended = 0;
  const [, peakRssBytes] = await withRssWatch(async (watch) => {
    const running = start(backlog.pipeline.env);
    watch.add(service, running.process.pid);
    try {
      await waitFor(
        async () => {
          exitedEarly(running.process);
          done = await committed(ctx.sql, group, topics.raw);
          const now = performance.now();
          if (done === 0) lastEmpty = now;
          else first ??= { at: now, done };
          if (done < backlog.events) return false;
          ended = now;
          return true;
        },
        ctx.plan.drainTimeoutS * 1000,
        () => `the ${service} committed ${done} of ${backlog.events} backlog records`,
      );
    } finally {
      await running.process.stop();
    }
  });
  // The first poll that saw progress usually sees a part of the backlog; when it already
  // saw all of it (a tiny backlog), the steady state is measured from the last empty poll.
  const steady = first && first.done < backlog.events
    ? { from: first.at, events: backlog.events - first.done }
    : { from: lastEmpty, events: backlog.events };
  const [row] = await ctx.sql<{ n: number }[]>`
    select count(*)::int as n from heartbeat_events where source_topic = ${topics.raw}`;
  const readings = row!.n; // valid readings: the rows the writer stored (it drains first)
  const totalSeconds = (ended - started) / 1000;
  const steadySeconds = (ended - steady.from) / 1000;
  const figures: DrainFigures = {
    service,
    events: backlog.events,
    readings,
    totalSeconds,
    startupSeconds: ((first?.at ?? ended) - started) / 1000,
    steadySeconds,
    eventsPerSecond: backlog.events / totalSeconds,
    steadyEventsPerSecond: steady.events / steadySeconds,
    steadyReadingsPerSecond: (readings * steady.events) / backlog.events / steadySeconds,
    peakRssBytes,
  };
  ctx.log(
    `  ${Math.round(figures.steadyEventsPerSecond).toLocaleString("en")} events/s steady, ${
      totalSeconds.toFixed(1)
    } s in all`,
  );
  return figures;
}
