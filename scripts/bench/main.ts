/**
 * `deno task bench [--smoke] [--use-running-stack] [--keep-infra] [--out DIR] [--only
 * STEP,…]`: measures Kafka's and PostgreSQL's ceilings on this machine and the pipeline
 * against them — drains, the Kafka client comparison, sustained end-to-end load, memory,
 * micro benchmarks — and writes the figures (JSON), a markdown report and an SVG chart
 * (see docs/performance.md for the method). Starts its own stack (Kafka :49092, PostgreSQL
 * :55435, fresh state in .cache/infra/bench) and stops it at the end, unless
 * `--use-running-stack` or `--keep-infra`. `--only` measures some steps alone (flags.ts).
 */
import { loadConfig, sections } from "../../shared/config/mod.ts";
import { runMain } from "../../shared/cli/run_main.ts";
import { createSql } from "../../shared/db/mod.ts";
import { connectAdmin, createKafka } from "../../shared/kafka/mod.ts";
import { runInfra } from "../infra/run_infra.ts";
import type { BenchContext } from "./context.ts";
import { outputPaths, parseBenchFlags, USAGE } from "./flags.ts";
import { benchPlan } from "./plan.ts";
import { renderChart } from "./report_chart.ts";
import { renderPartialReport, renderReport } from "./report_table.ts";
import { runBench } from "./run_bench.ts";

/** The benchmark's own stack: ports of its own, so it never meets dev, test or chaos. */
const STACK_ENV: Record<string, string> = {
  KAFKA_BOOTSTRAP_SERVERS: "127.0.0.1:49092",
  KAFKA_CONTROLLER_PORT: "49093",
  DATABASE_URL: "postgres://heartbeat_user:heartbeat_local_only@127.0.0.1:55435/heartbeat",
  INFRA_STATE_DIR: ".cache/infra/bench",
  PROMETHEUS_ENABLED: "false",
};

await runMain(async () => {
  const flags = parseBenchFlags(Deno.args);
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  const ownStack = !flags.useRunningStack;
  const stackEnv = ownStack ? STACK_ENV : {};
  if (ownStack) {
    // A fresh stack each run: an index grown by earlier runs would slow the writes down.
    await infra("down");
    await Deno.remove(STACK_ENV.INFRA_STATE_DIR!, { recursive: true }).catch(() => {});
  }
  try {
    if (ownStack) await infra("up");
    const config = loadConfig(
      { infra: sections.infra, kafka: sections.kafka, database: sections.database },
      (name) => stackEnv[name] ?? Deno.env.get(name),
    );
    const started = performance.now();
    const root = Deno.cwd();
    const runId = `bench-${crypto.randomUUID().slice(0, 8)}`;
    const scratchDir = `${root}/.cache/bench/${runId}`;
    await Deno.mkdir(scratchDir, { recursive: true });
    const kafka = createKafka(config.kafka);
    const admin = await connectAdmin(kafka, config.kafka);
    const sql = createSql(config.database, { max: 4, applicationName: "heartbeat-bench" });
    const ctx: BenchContext = {
      plan: benchPlan(flags.smoke ? "smoke" : "full", {
        seed: crypto.getRandomValues(new Uint32Array(1))[0]! % 2 ** 30,
      }),
      root,
      runId,
      kafkaConfig: config.kafka,
      database: config.database,
      infra: config.infra,
      kafka,
      admin,
      sql,
      scratchDir,
      log: (line) =>
        console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`),
    };
    try {
      const results = flags.only ? await runBench(ctx, flags.only) : await runBench(ctx);
      const paths = outputPaths(flags, results.startedAt);
      const report = "goals" in results ? renderReport(results) : renderPartialReport(results);
      // The JSON's folder (the report's, and the chart's unless it goes to docs/, which exists).
      await Deno.mkdir(paths.json.replace(/\/[^/]*$/, ""), { recursive: true });
      await Deno.writeTextFile(paths.json, JSON.stringify(results, null, 2) + "\n");
      await Deno.writeTextFile(paths.markdown, report);
      if (paths.chart && "goals" in results) {
        await Deno.writeTextFile(paths.chart, renderChart(results));
      }
      console.log(`\n${report}`);
      console.log(
        `figures: ${paths.json}\nreport: ${paths.markdown}` +
          (paths.chart ? `\nchart: ${paths.chart}` : ""),
      );
    } finally {
      await admin.disconnect();
      await sql.end({ timeout: 5 });
      await Deno.remove(scratchDir, { recursive: true }).catch(() => {});
    }
  } finally {
    if (ownStack && !flags.keepInfra) await infra("down");
  }
  return 0;
});

async function infra(command: "up" | "down"): Promise<void> {
  const { code } = await runInfra(command, { env: STACK_ENV, inherit: true });
  if (code !== 0) throw new Error(`infra ${command} failed`);
}
