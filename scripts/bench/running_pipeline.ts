/**
 * A fresh isolated pipeline with the writer and the detector running and assigned, as
 * the sustained and memory runs use it: the producer is started per run on top.
 */
import { createIsolatedPipeline, type IsolatedPipeline } from "../chaos/isolated_pipeline.ts";
import type { BenchContext } from "./context.ts";
import type { GroupLags } from "./results.ts";
import { groupLag, waitAssigned, waitFor } from "./progress.ts";
import { type BenchService, exitedEarly, launch } from "./services.ts";

/** The running pipeline. */
export interface RunningPipeline {
  readonly pipeline: IsolatedPipeline;
  /** The services' env (the pipeline's, plus the plan's episode multiplier). */
  readonly env: Record<string, string>;
  readonly consumer: BenchService;
  readonly detector: BenchService;
  /** Both groups' lag now. */
  lags(): Promise<GroupLags>;
  /** Waits until both groups committed everything on the broker (fails after `timeoutMs`). */
  waitDrained(timeoutMs: number): Promise<void>;
  /** Stops both services and deletes the topics. */
  stop(): Promise<void>;
}

/** The isolated pipeline `<runId>-<name>`: its topics (raw with the plan's partitions) and env. */
export function createBenchPipeline(ctx: BenchContext, name: string): Promise<IsolatedPipeline> {
  return retryTopicRace(() =>
    createIsolatedPipeline(
      ctx.admin,
      `${ctx.runId}-${name}`,
      { kafka: ctx.kafkaConfig, database: ctx.database },
      { raw: ctx.plan.partitions, others: 6 },
    )
  );
}

/** Creates the pipeline `<runId>-<name>`, starts both services, waits for their groups. */
export async function startPipeline(ctx: BenchContext, name: string): Promise<RunningPipeline> {
  const pipeline = await createBenchPipeline(ctx, name);
  const { topics, groups } = pipeline;
  const env = {
    ...pipeline.env,
    ...(ctx.plan.episodeMultiplier === undefined
      ? {}
      : { PRODUCER_EPISODE_MULTIPLIER: String(ctx.plan.episodeMultiplier) }),
  };
  const consumer = launch("consumer", env);
  const detector = launch("detector", env);
  const lags = async (): Promise<GroupLags> => {
    const [writer, detecting] = await Promise.all([
      groupLag(ctx.sql, ctx.admin, groups.writer, topics.raw),
      groupLag(ctx.sql, ctx.admin, groups.detector, topics.raw),
    ]);
    return { writer, detector: detecting };
  };
  const stop = async () => {
    await Promise.all([consumer.process.stop(), detector.process.stop()]);
    await ctx.admin.deleteTopics({ topics: Object.values(topics) }).catch(() => {});
  };
  try {
    await waitAssigned(ctx.sql, consumer.process, groups.writer, topics.raw, ctx.plan.partitions);
    await waitAssigned(ctx.sql, detector.process, groups.detector, topics.raw, ctx.plan.partitions);
  } catch (error) {
    await stop();
    throw error;
  }
  let last: GroupLags = { writer: NaN, detector: NaN };
  return {
    pipeline,
    env,
    consumer,
    detector,
    lags,
    waitDrained: (timeoutMs) =>
      waitFor(
        async () => {
          exitedEarly(consumer.process);
          exitedEarly(detector.process);
          last = await lags();
          return last.writer === 0 && last.detector === 0;
        },
        timeoutMs,
        () => `lag of ${topics.raw}: writer ${last.writer}, detector ${last.detector}`,
      ),
    stop,
  };
}

/**
 * Runs `create` (a topic creation) again, up to 5 times, when the broker answered
 * UNKNOWN_TOPIC_OR_PARTITION: kafkajs's createTopics asks for the new topics' leaders at
 * once, and a KRaft broker may not know them yet (seen here when topics are created right
 * after others were deleted). Creating topics that exist is a no-op for ensureTopics.
 */
export async function retryTopicRace<T>(create: () => Promise<T>): Promise<T> {
  for (let attempt = 1;; attempt++) {
    try {
      return await create();
    } catch (error) {
      if (attempt >= 5 || (error as { type?: unknown })?.type !== "UNKNOWN_TOPIC_OR_PARTITION") {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}
