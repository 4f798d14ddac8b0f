/**
 * Rollup recomputation. The writer marks, in each batch's transaction, the minutes it wrote
 * (`heartbeat_rollup_pending`, one row per minute and Kafka partition, with a version).
 * Here each marked minute is recomputed from the raw rows in one statement — the
 * per-customer aggregate and the population histogram — and its marks are cleared only at
 * the versions read before recomputing. A batch that commits meanwhile bumps a version (or
 * re-creates a cleared mark), so its minute is recomputed again on the next pass: rollups
 * are always a function of committed raw rows, hence exact and idempotent under
 * re-delivery and late readings.
 */
import type { Sql } from "../../shared/db/mod.ts";

/** One pass's figures. */
export interface RollupPass {
  /** Minutes recomputed. */
  readonly minutes: number;
  /** Customer-minute rows written. */
  readonly customerMinutes: number;
  /** Minutes still marked after the pass (new marks, or more than `maxMinutes`). */
  readonly pending: number;
  /** Age of the oldest mark still pending, in seconds (0 when none). */
  readonly oldestPendingS: number;
}

/**
 * Recomputes up to `maxMinutes` marked minutes, oldest first. First summarizes the block
 * ranges written since the last pass in the BRIN index on event_time, so each minute reads
 * only its own blocks.
 */
export async function recomputeRollups(sql: Sql, maxMinutes: number): Promise<RollupPass> {
  await sql`select storage_summarize('heartbeat_events')`;
  const marks = await sql<{ minute: Date; partitions: number[]; versions: string[] }[]>`
    select minute, array_agg(source_partition order by source_partition) as partitions,
           array_agg(version::text order by source_partition) as versions
    from heartbeat_rollup_pending
    where minute in (select distinct minute from heartbeat_rollup_pending order by minute
                     limit ${maxMinutes})
    group by minute order by minute`;
  let customerMinutes = 0;
  for (const mark of marks) {
    customerMinutes += await recomputeMinute(sql, mark.minute, mark.partitions, mark.versions);
  }
  const [left] = await sql<{ pending: number; oldest_s: number | null }[]>`
    select count(distinct minute)::int as pending,
           extract(epoch from now() - min(marked_at))::float8 as oldest_s
    from heartbeat_rollup_pending`;
  return {
    minutes: marks.length,
    customerMinutes,
    pending: left?.pending ?? 0,
    oldestPendingS: left?.oldest_s ?? 0,
  };
}

/** Recomputes one minute and clears the marks read for it; returns its customer rows. */
async function recomputeMinute(
  sql: Sql,
  minute: Date,
  partitions: readonly number[],
  versions: readonly string[],
): Promise<number> {
  return await sql.begin(async (tx) => {
    await tx`delete from heartbeat_rollup_minute where minute = ${minute}`;
    await tx`delete from heartbeat_rollup_minute_hr where minute = ${minute}`;
    const [written] = await tx<{ customers: number }[]>`
      with raw as materialized (
        select customer_id, heart_rate from heartbeat_events
        where event_time >= ${minute} and event_time < ${minute}::timestamptz + interval '1 minute'
      ), per_customer as (
        insert into heartbeat_rollup_minute
          (minute, customer_id, readings, hr_min, hr_max, hr_sum, hr_p95)
        select ${minute}, customer_id, count(*), min(heart_rate), max(heart_rate),
               sum(heart_rate), percentile_cont(0.95) within group (order by heart_rate)
        from raw group by customer_id
        returning 1
      ), histogram as (
        insert into heartbeat_rollup_minute_hr (minute, heart_rate, readings)
        select ${minute}, heart_rate, count(*) from raw group by heart_rate
        returning 1
      )
      select (select count(*)::int from per_customer) as customers,
             (select count(*)::int from histogram) as values`;
    await tx`
      delete from heartbeat_rollup_pending p
      using unnest(${tx.array([...partitions])}::int[], ${tx.array([...versions])}::bigint[])
        as read(source_partition, version)
      where p.minute = ${minute} and p.source_partition = read.source_partition
        and p.version = read.version`;
    return written?.customers ?? 0;
  });
}
