/**
 * The Kafka client comparison (issue #5): the backlog drained consume-only (fetch, then
 * `validateRecord` per record, no database: consume_only.ts) by each client in turn, each
 * in a process of its own (consume_only_probe.ts) with a fresh consumer group, so records/s
 * and peak RSS are that client's alone. Rounds alternate the clients (kafkajs, platformatic,
 * kafkajs, …) so a machine that gets busier hits both alike. A client that fails against
 * the broker is a figure too: its run records the error instead of stopping the benchmark.
 *
 * Then the full path: the writer's exactly-once drain (drain.ts) with kafkajs (the consumer
 * service itself) and with a @platformatic/kafka fetch loop feeding the same batch handler
 * (platformatic_writer.ts), each on a fresh backlog of its own into emptied tables, rounds
 * alternating.
 */
import { taskArgs } from "../task_command.ts";
import { type Backlog, fillBacklog } from "./backlog.ts";
import type { BenchContext } from "./context.ts";
import { CLIENT_NAMES, CLIENT_PACKAGES, type ConsumeOnlyReport } from "./consume_only.ts";
import { measureDrain } from "./drain.ts";
import type { ClientDrainFigures, ClientDrainRun, ClientWriterRun } from "./results.ts";
import { withRssWatch } from "./rss.ts";
import { launchScript, SCRIPT_FLAGS } from "./services.ts";

/** Drains the backlog with every client, `ctx.plan.clientDrainRounds` times each. */
export async function measureClientDrain(
  ctx: BenchContext,
  backlog: Backlog,
): Promise<ClientDrainFigures> {
  // The writer's runtime flags (V8 heap settings), so each client runs as the writer would.
  const v8Flags = taskArgs("consumer").filter((arg) => arg.startsWith("--v8-flags="));
  const runs: ClientDrainRun[] = [];
  let settings: ConsumeOnlyReport["settings"] | undefined;
  for (let round = 1; round <= ctx.plan.clientDrainRounds; round++) {
    for (const client of CLIENT_NAMES) {
      ctx.log(
        `client drain, round ${round}: ${client}, ${
          backlog.events.toLocaleString("en")
        } events consume-only`,
      );
      const group = `${ctx.runId}-client-${client}-${round}`;
      const { run, reported } = await probe(ctx, backlog, client, group, round, v8Flags);
      settings ??= reported?.settings;
      runs.push(run);
      ctx.log(
        run.error === null
          ? `  ${Math.round(run.steadyRecordsPerSecond!).toLocaleString("en")} records/s steady, ` +
            `peak RSS ${(run.peakRssBytes! / 1e6).toFixed(0)} MB`
          : `  failed: ${run.error}`,
      );
      await ctx.admin.deleteGroups([group]).catch(() => {});
    }
  }
  const writerRuns = await measureWriterDrains(ctx, v8Flags);
  return {
    events: backlog.events,
    clients: Object.fromEntries(CLIENT_NAMES.map((c) => [c, pinned(ctx, CLIENT_PACKAGES[c])])),
    settings: {
      maxWaitMs: settings?.maxWaitMs ?? 0,
      maxBytesPerPartition: settings?.maxBytesPerPartition ?? 0,
      maxBytes: settings?.maxBytes ?? 0,
      concurrency: settings?.concurrency ?? 0,
      v8Flags,
    },
    runs,
    writerRuns,
  };
}

/**
 * The writer's full drain with each client's fetch loop, `ctx.plan.clientWriterRounds`
 * times each, every drain on a backlog filled for it alone (its own seed: fresh event ids).
 */
async function measureWriterDrains(
  ctx: BenchContext,
  v8Flags: readonly string[],
): Promise<ClientWriterRun[]> {
  const runs: ClientWriterRun[] = [];
  for (let round = 1; round <= ctx.plan.clientWriterRounds; round++) {
    // Odd rounds start with kafkajs, even rounds with platformatic: neither always goes first.
    const order = round % 2 === 1 ? [...CLIENT_NAMES] : [...CLIENT_NAMES].reverse();
    for (const client of order) {
      const index = CLIENT_NAMES.indexOf(client);
      ctx.log(`client drain, full writer, round ${round}: ${client}`);
      // Every drain writes into empty tables, as the consumer drain step does: a table grown
      // by the drains before it would make each later drain slower than the one before.
      await emptyWriterTables(ctx);
      const backlog = await fillBacklog(ctx, {
        name: `writer-${client}-${round}`,
        seed: ctx.plan.seed + 300 + 10 * round + index,
      });
      try {
        const drain = client === "kafkajs"
          ? await measureDrain(ctx, backlog, "consumer")
          : await measureDrain(
            ctx,
            backlog,
            "consumer",
            (env) => launchScript("consumer", "./platformatic_writer.ts", env, v8Flags),
          );
        runs.push({ client, round, drain });
      } finally {
        await ctx.admin.deleteTopics({ topics: Object.values(backlog.pipeline.topics) }).catch(
          () => {},
        );
      }
    }
  }
  return runs;
}

/** Empties what the writer writes (readings, ledger, rollup marks), between drains. */
async function emptyWriterTables(ctx: BenchContext): Promise<void> {
  await ctx.sql`truncate heartbeat_events, routed_records, heartbeat_rollup_pending`;
  await ctx.sql`vacuum analyze heartbeat_events`;
}

/** One probe process: its report, or the error it printed, with its peak RSS. */
async function probe(
  ctx: BenchContext,
  backlog: Backlog,
  client: string,
  group: string,
  round: number,
  v8Flags: readonly string[],
): Promise<{ run: ClientDrainRun; reported?: ConsumeOnlyReport }> {
  const timeoutMs = ctx.plan.drainTimeoutS * 1000;
  const [outcome, peaks] = await withRssWatch(async (watch) => {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        ...SCRIPT_FLAGS,
        ...v8Flags,
        `${ctx.root}/scripts/bench/consume_only_probe.ts`,
        client,
        backlog.pipeline.topics.raw,
        group,
        String(backlog.events),
      ],
      env: { ...backlog.pipeline.env, NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    watch.add(client, child.pid);
    const timer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch {
        // already gone
      }
    }, timeoutMs);
    const output = await child.output().finally(() => clearTimeout(timer));
    return {
      code: output.code,
      signal: output.signal,
      stdout: new TextDecoder().decode(output.stdout),
      stderr: new TextDecoder().decode(output.stderr),
    };
  }, 100);
  const line = outcome.stdout.trim().split("\n").findLast((l) => l.startsWith("{"));
  let reported: ConsumeOnlyReport | undefined;
  try {
    reported = line === undefined ? undefined : JSON.parse(line);
  } catch {
    // reported below as a failure
  }
  const peakRssBytes = (peaks[client] ?? 0) > 0 ? peaks[client]! : null;
  if (outcome.code !== 0 || reported === undefined || !(reported.steadySeconds > 0)) {
    const why = outcome.signal === "SIGKILL"
      ? `no end within ${timeoutMs / 1000} s (killed)`
      : `exit ${outcome.code}`;
    const said = (outcome.stderr || outcome.stdout).trim().split("\n").filter((l) => l.trim())
      .slice(-3).join(" | ").slice(0, 600);
    return {
      run: {
        client,
        round,
        records: null,
        valid: null,
        startupSeconds: null,
        steadySeconds: null,
        totalSeconds: null,
        steadyRecordsPerSecond: null,
        recordsPerSecond: null,
        peakRssBytes,
        error: `${why}: ${said || "it printed nothing"}`,
      },
    };
  }
  return {
    reported,
    run: {
      client,
      round,
      records: reported.records,
      valid: reported.valid,
      startupSeconds: reported.startupSeconds,
      steadySeconds: reported.steadySeconds,
      totalSeconds: reported.totalSeconds,
      // Timed up to the backlog's last record: rates count the backlog, never extras.
      steadyRecordsPerSecond: backlog.events / reported.steadySeconds,
      recordsPerSecond: backlog.events / reported.totalSeconds,
      peakRssBytes,
      error: null,
    },
  };
}

/** The import-map specifier of `name` in deno.json, e.g. `npm:kafkajs@2.2.4`. */
function pinned(ctx: BenchContext, name: string): string {
  try {
    const denoJson = JSON.parse(Deno.readTextFileSync(`${ctx.root}/deno.json`));
    return String(denoJson.imports?.[name] ?? name);
  } catch {
    return name;
  }
}
