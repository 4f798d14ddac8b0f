/**
 * PostgreSQL's ceiling on this machine: COPY of simulated readings — the same customers,
 * seconds and columns as the backlog — into a scratch table made with `like
 * heartbeat_events including all` (same indexes, constraints and defaults), in
 * `copyStreams` parallel streams (one connection and one autocommitted COPY each). The
 * rows are generated and encoded before the clock starts; the table is dropped afterwards.
 */
import { once } from "node:events";
import { createSql } from "../../shared/db/mod.ts";
import type { Backlog } from "./backlog.ts";
import type { BenchContext } from "./context.ts";
import { COPY_COLUMNS, copyLine } from "./copy_rows.ts";
import { BenchError } from "./errors.ts";
import type { PostgresCeiling } from "./results.ts";
import { simulatedSeconds } from "./samples.ts";

/** Copies the rows and reports rows per second. */
export async function measurePostgresCeiling(
  ctx: BenchContext,
  backlog: Backlog,
): Promise<PostgresCeiling> {
  const { streams, rows } = encodeRows(ctx, backlog.pipeline.topics.raw);
  const table = `${ctx.runId.replaceAll("-", "_")}_copy`;
  ctx.log(
    `PostgreSQL ceiling: COPY of ${rows.toLocaleString("en")} rows, ${streams.length} streams`,
  );
  const pool = createSql(ctx.database, {
    max: streams.length,
    applicationName: "heartbeat-bench-copy",
  });
  await ctx.sql`create table ${ctx.sql(table)} (like heartbeat_events including all)`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.all(streams.map(() => pool`select 1`)); // connect before the clock starts
    const started = performance.now();
    const copies = Promise.all(streams.map(async (chunks) => {
      const writable = await pool`copy ${pool(table)} (${
        pool(COPY_COLUMNS as unknown as string[])
      }) from stdin`
        .writable();
      for (const chunk of chunks) {
        if (!writable.write(chunk)) await once(writable, "drain");
      }
      writable.end();
      await once(writable, "finish");
    }));
    // postgres.js never settles a COPY that the server refused (upstream issue #1173).
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new BenchError(
              "BENCH_TIMEOUT",
              `COPY into ${table} did not finish within ${ctx.plan.drainTimeoutS} s; look for a refused row in the PostgreSQL log of this stack.`,
            ),
          ),
        ctx.plan.drainTimeoutS * 1000,
      );
    });
    await Promise.race([copies, limit]);
    const seconds = (performance.now() - started) / 1000;
    const [stored] = await ctx.sql<{ n: number }[]>`select count(*)::int as n from ${
      ctx.sql(table)
    }`;
    if (stored!.n !== rows) {
      throw new BenchError(
        "BENCH_TOOL_FAILED",
        `COPY stored ${
          stored!.n
        } of ${rows} rows in ${table}; look for a refused row in the PostgreSQL log.`,
      );
    }
    return { rows, streams: streams.length, seconds, rowsPerSecond: rows / seconds };
  } finally {
    clearTimeout(timer);
    await pool.end({ timeout: 5 });
    await ctx.sql`drop table if exists ${ctx.sql(table)}`;
  }
}

/** The COPY text of every row, encoded, one simulated second per chunk, dealt to the streams. */
function encodeRows(ctx: BenchContext, topic: string): { streams: Uint8Array[][]; rows: number } {
  const { backlog, partitions, seed, copyStreams } = ctx.plan;
  const streams: Uint8Array[][] = Array.from({ length: copyStreams }, () => []);
  const nextOffset = new Array<number>(partitions).fill(0);
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let rows = 0;
  let second = 0;
  for (
    const records of simulatedSeconds({
      customers: backlog.customers,
      seconds: backlog.seconds,
      seed,
    })
  ) {
    let text = "";
    for (const record of records) {
      const partition = rows++ % partitions;
      const offset = nextOffset[partition]!;
      nextOffset[partition] = offset + 1;
      text += copyLine(JSON.parse(decoder.decode(record.value)), { topic, partition, offset });
    }
    streams[second++ % copyStreams]!.push(encoder.encode(text));
  }
  return { streams, rows };
}
