/**
 * The partition functions of migration 0004, called as the maintainer role: create the
 * missing partitions of a range, drop the expired ones. Both are idempotent and serialise
 * per table in the database, so two maintainers cannot step on each other.
 */
import type { Sql } from "../../shared/db/mod.ts";
import type { TableWork } from "./plan.ts";

/** What one maintenance run changed. */
export interface PartitionChanges {
  readonly table: string;
  readonly created: string[];
  readonly dropped: string[];
}

/** Creates and drops partitions as `work` says, table by table. */
export async function maintainPartitions(
  sql: Sql,
  work: readonly TableWork[],
  partitionHours: number,
): Promise<PartitionChanges[]> {
  const changes: PartitionChanges[] = [];
  for (const w of work) {
    const created = await sql<{ name: string }[]>`
      select storage_ensure_partitions(${w.table}, ${w.ensureFrom}, ${w.ensureTo},
        ${partitionHours}) as name`;
    const dropped = await sql<{ name: string }[]>`
      select storage_drop_partitions(${w.table}, ${w.dropBefore}) as name`;
    changes.push({
      table: w.table,
      created: created.map((r) => r.name),
      dropped: dropped.map((r) => r.name),
    });
  }
  return changes;
}

/** How many partitions each table has now, and the rows in its default partition. */
export async function partitionCounts(
  sql: Sql,
): Promise<{ table: string; partitions: number }[]> {
  return await sql<{ table: string; partitions: number }[]>`
    select parent as table, count(*)::int as partitions from storage_partitions group by parent`;
}
