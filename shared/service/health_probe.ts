/**
 * What `/readyz` reports for a partition service: is the database reachable, is the broker
 * reachable, and is the group's lag bounded. Lag is what PostgreSQL has not stored yet:
 * per partition, the broker's end offset minus the checkpoint committed with the rows (or
 * minus the partition's first offset when the group has no progress there), summed. The
 * checks are active probes with a time limit each, not the last thing a batch happened to
 * see: a quiet pipeline is still checked.
 */
import type { HealthCheck } from "../observability/mod.ts";

/** Where the probe looks. */
export interface HealthProbeDeps {
  /** Resolves when the database answers (e.g. `select 1`). */
  readonly pingDatabase: () => Promise<unknown>;
  /** The topic's partitions with their first and end offsets, from the broker. */
  readonly topicOffsets: () => Promise<readonly PartitionOffsets[]>;
  /** The group's committed next offset per partition, from PostgreSQL. */
  readonly progress: () => Promise<ReadonlyMap<number, bigint>>;
  /** Largest total lag that still counts as ready (`HEALTH_MAX_LAG`). */
  readonly maxLag: number;
  /** Time limit of each probe, in milliseconds. */
  readonly timeoutMs: number;
}

/** A partition's offsets as the broker reports them. */
export interface PartitionOffsets {
  readonly partition: number;
  readonly low: bigint;
  readonly high: bigint;
}

/** The outcome: one check per concern, and the total lag when it could be computed. */
export interface HealthReport {
  readonly checks: { database: HealthCheck; kafka: HealthCheck; lag: HealthCheck };
  readonly lag?: number;
}

/** Runs the probes (database and broker concurrently) and judges the lag. */
export async function probeHealth(deps: HealthProbeDeps): Promise<HealthReport> {
  // Promise.try: a probe that throws instead of rejecting is a failed check, not a crash.
  const [database, offsets] = await Promise.allSettled([
    within(Promise.try(deps.pingDatabase), deps.timeoutMs, "database"),
    within(Promise.try(deps.topicOffsets), deps.timeoutMs, "broker"),
  ]);
  const checks = {
    database: verdict(database),
    kafka: verdict(offsets),
    lag: { ok: false, detail: "unknown: needs both the database and the broker" } as HealthCheck,
  };
  if (database.status === "rejected" || offsets.status === "rejected") return { checks };
  let progress: ReadonlyMap<number, bigint>;
  try {
    progress = await within(Promise.try(deps.progress), deps.timeoutMs, "database");
  } catch (error) {
    return { checks: { ...checks, lag: { ok: false, detail: `unknown: ${message(error)}` } } };
  }
  const lag = totalLag(offsets.value, progress);
  return {
    checks: {
      ...checks,
      lag: {
        ok: lag <= deps.maxLag,
        detail: `${lag} records not stored yet (HEALTH_MAX_LAG=${deps.maxLag})`,
      },
    },
    lag,
  };
}

/** Records between each partition's committed progress and its end, summed (never negative). */
export function totalLag(
  offsets: readonly PartitionOffsets[],
  progress: ReadonlyMap<number, bigint>,
): number {
  let sum = 0n;
  for (const { partition, low, high } of offsets) {
    const from = progress.get(partition) ?? low;
    const start = from > low ? from : low;
    if (high > start) sum += high - start;
  }
  return Number(sum);
}

function verdict(result: PromiseSettledResult<unknown>): HealthCheck {
  return result.status === "fulfilled"
    ? { ok: true, detail: "" }
    : { ok: false, detail: message(result.reason) };
}

function message(error: unknown): string {
  return String((error as Error)?.message ?? error);
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
