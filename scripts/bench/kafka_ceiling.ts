/**
 * Kafka's ceiling on this machine, measured with Kafka's own tools from the same Maven
 * jars as the broker (kafka-tools):
 *
 * - **produce**: `ProducerPerformance` sends as many records as the backlog holds to a
 *   scratch topic with the backlog's partition count, acks=all and idempotence as our
 *   producer does, with our record values (`--payload-file` of simulated readings). It
 *   sets no keys; `RoundRobinPartitioner` spreads consecutive records over all partitions
 *   the way our customer-id keys do (instead of the default sticky partitioner, which
 *   fills one partition's batch at a time). The records are smaller by the key (~11 bytes).
 * - **consume**: `ConsumerPerformance` reads the backlog topic itself: our records, keys
 *   and partitions, in a group of its own.
 */
import { prepareKafkaRuntime } from "../infra/kafka_node.ts";
import { run } from "../infra/process.ts";
import { ensureTopics } from "../../shared/kafka/mod.ts";
import type { Backlog } from "./backlog.ts";
import type { BenchContext } from "./context.ts";
import { BenchError } from "./errors.ts";
import { parseConsumerPerformance, parseProducerPerformance } from "./kafka_perf_output.ts";
import type { KafkaCeiling } from "./results.ts";
import { payloadLines } from "./samples.ts";
import { retryTopicRace } from "./running_pipeline.ts";

const PARTITIONER = "org.apache.kafka.clients.producer.RoundRobinPartitioner";

/** Runs both tools; the scratch topic and the tool's group are deleted afterwards. */
export async function measureKafkaCeiling(
  ctx: BenchContext,
  backlog: Backlog,
): Promise<KafkaCeiling> {
  const runtime = await prepareKafkaRuntime(ctx.root, ctx.infra);
  const java = async (mainClass: string, args: string[]) => {
    const result = await run(runtime.java, ["-cp", runtime.classpath, mainClass, ...args]);
    if (result.code !== 0) {
      const tail = (result.stderr || result.stdout).trim().split("\n").slice(-3).join(" | ");
      throw new BenchError(
        "BENCH_TOOL_FAILED",
        `${mainClass} exited with ${result.code}: ${tail.slice(0, 600)}; check that the broker at ${
          ctx.kafkaConfig.brokers.join(",")
        } is up (deno task infra:status with this stack's settings).`,
      );
    }
    return result.stdout;
  };
  const bootstrap = ctx.kafkaConfig.brokers.join(",");

  const payloadFile = `${ctx.scratchDir}/payloads.txt`;
  await Deno.writeTextFile(
    payloadFile,
    payloadLines(
      {
        customers: ctx.plan.backlog.customers,
        seconds: ctx.plan.backlog.seconds,
        seed: ctx.plan.seed,
      },
      ctx.plan.payloadSamples,
    ),
  );
  const topic = `${ctx.runId}-perf`;
  await retryTopicRace(() =>
    ensureTopics(ctx.admin, [{ name: topic, partitions: ctx.plan.partitions }])
  );
  ctx.log(`Kafka ceiling: ProducerPerformance, ${backlog.events.toLocaleString("en")} records`);
  let produced: string;
  try {
    produced = await java("org.apache.kafka.tools.ProducerPerformance", [
      "--bootstrap-server",
      bootstrap,
      "--topic",
      topic,
      "--num-records",
      String(backlog.events),
      "--throughput",
      "-1",
      "--payload-file",
      payloadFile,
      "--command-property",
      "acks=all",
      "enable.idempotence=true",
      `partitioner.class=${PARTITIONER}`,
    ]);
  } finally {
    await ctx.admin.deleteTopics({ topics: [topic] }).catch(() => {});
  }

  ctx.log("Kafka ceiling: ConsumerPerformance over the backlog");
  const group = `${ctx.runId}-perf-consumer`;
  const consumed = await java("org.apache.kafka.tools.ConsumerPerformance", [
    "--bootstrap-server",
    bootstrap,
    "--topic",
    backlog.pipeline.topics.raw,
    "--num-records",
    String(backlog.events),
    "--group",
    group,
    "--timeout",
    "60000",
  ]).finally(() => ctx.admin.deleteGroups([group]).catch(() => {}));
  return {
    producer: {
      ...parseProducerPerformance(produced),
      partitioner: `round-robin over ${ctx.plan.partitions} partitions, no keys`,
    },
    consumer: parseConsumerPerformance(consumed),
  };
}
