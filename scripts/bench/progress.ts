/**
 * Progress as the benchmark reads it: records on the broker (end offsets), records a group
 * committed to PostgreSQL (its checkpoints, the source of truth), the lag between them, and
 * waits on those figures that fail with what was seen.
 */
import { readGroupProgress, type Sql } from "../../shared/db/mod.ts";
import type { Admin } from "../../shared/kafka/mod.ts";
import { totalLag } from "../../shared/service/health_probe.ts";
import { eventually, type ServiceProcess } from "../chaos/processes.ts";
import { BenchError } from "./errors.ts";
import { exitedEarly, tail } from "./services.ts";

/** Records of `topic` on the broker (sum of the partitions' end offsets). */
export async function endOffsets(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, o) => sum + Number(o.high), 0);
}

/** Records of `topic` that `group` committed to PostgreSQL (sum of its checkpoints). */
export async function committed(sql: Sql, group: string, topic: string): Promise<number> {
  let sum = 0n;
  for (const next of (await readGroupProgress(sql, group, topic)).values()) sum += next;
  return Number(sum);
}

/** Records on the broker that `group` has not committed to PostgreSQL yet. */
export async function groupLag(
  sql: Sql,
  admin: Admin,
  group: string,
  topic: string,
): Promise<number> {
  const [offsets, progress] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    readGroupProgress(sql, group, topic),
  ]);
  return totalLag(
    offsets.map((o) => ({ partition: o.partition, low: BigInt(o.low), high: BigInt(o.high) })),
    progress,
  );
}

/**
 * Waits until `group`'s leader has claimed all `partitions` of `topic` (the claims are
 * written before members learn their partitions): the service is ready to consume.
 */
export async function waitAssigned(
  sql: Sql,
  service: ServiceProcess,
  group: string,
  topic: string,
  partitions: number,
  timeoutMs = 60_000,
): Promise<void> {
  const claimed = async () => {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from ingest_checkpoint
      where consumer_group = ${group} and topic = ${topic} and owner_member is not null`;
    return row!.n;
  };
  await waitFor(
    async () => (await claimed()) >= partitions || exitedEarly(service),
    timeoutMs,
    async () =>
      `${service.name} (group ${group}) claimed ${await claimed()} of ${partitions} partitions; ${
        tail(service)
      }`,
  );
}

/**
 * Polls `check` (every 100 ms) until it holds; after `timeoutMs`, a BENCH_TIMEOUT error
 * with `describe()`. Errors `check` throws pass through.
 */
export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  describe: () => string | Promise<string>,
): Promise<void> {
  try {
    await eventually(check, timeoutMs, describe);
  } catch (error) {
    if (error instanceof BenchError || !(error instanceof Error)) throw error;
    if (!error.message.startsWith("timed out")) throw error;
    throw new BenchError(
      "BENCH_TIMEOUT",
      `${error.message}; run the benchmark again when the machine is quiet (\`--smoke\` checks the harness itself)`,
      { cause: error },
    );
  }
}
