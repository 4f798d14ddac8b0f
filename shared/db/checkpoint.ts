/**
 * Progress and ownership per (consumer group, topic, partition) in `ingest_checkpoint`:
 * PostgreSQL, not Kafka, is the source of truth for what was processed.
 *
 * - The group leader calls {@link recordClaims} while assigning partitions: one epoch per
 *   rebalance from a sequence; a claim replaces an older one only.
 * - A writer calls {@link lockCheckpoint} first in its batch transaction: it locks the row,
 *   and says whether the writer still owns the partition and where to resume.
 * - It ends the transaction with {@link advanceCheckpoint}.
 */
import type { Sql, TransactionSql } from "./client.ts";

/** Who was assigned what in one rebalance. */
export interface Claim {
  readonly topic: string;
  readonly partition: number;
  readonly member: string;
}

/**
 * Records a rebalance's assignment as partition claims under a new epoch and returns the
 * epoch. Rows of partitions never seen before start at `next_offset` 0 (the writer moves
 * them to the log start offset). A stale leader, holding an older epoch, changes nothing.
 */
export async function recordClaims(
  sql: Sql,
  group: string,
  claims: readonly Claim[],
): Promise<bigint> {
  const [row] = await sql<
    { epoch: string }[]
  >`select nextval('partition_claim_epoch')::text as epoch`;
  const epoch = BigInt(row!.epoch);
  await applyClaims(sql, group, claims, epoch);
  return epoch;
}

/**
 * Writes claims under `epoch`; a partition whose current claim has a newer (or equal)
 * epoch keeps it. Separate from {@link recordClaims} so a stale leader's late write can be
 * reproduced in tests.
 */
export async function applyClaims(
  sql: Sql,
  group: string,
  claims: readonly Claim[],
  epoch: bigint,
): Promise<void> {
  if (claims.length === 0) return;
  await sql`
    insert into ingest_checkpoint (consumer_group, topic, partition, next_offset, owner_member, owner_epoch)
    select ${group}, c.topic, c.partition, 0, c.member, ${epoch.toString()}::bigint
    from unnest(${sql.array(claims.map((c) => c.topic))}::text[],
                ${sql.array(claims.map((c) => c.partition))}::int[],
                ${sql.array(claims.map((c) => c.member))}::text[]) as c(topic, partition, member)
    on conflict (consumer_group, topic, partition) do update
      set owner_member = excluded.owner_member, owner_epoch = excluded.owner_epoch, updated_at = now()
      where ingest_checkpoint.owner_epoch < excluded.owner_epoch`;
}

/**
 * The stored next offset of each of `partitions` that this `member` owns (others are left
 * out: their owner resumes them). Read without locking, to position a consumer after a
 * rebalance; the batch transaction re-checks under lock.
 */
export async function readCheckpoints(
  sql: Sql,
  group: string,
  topic: string,
  partitions: readonly number[],
  member: string,
): Promise<Map<number, bigint>> {
  const rows = await sql<{ partition: number; next_offset: string }[]>`
    select partition, next_offset::text from ingest_checkpoint
    where consumer_group = ${group} and topic = ${topic} and owner_member = ${member}
      and partition = any(${sql.array(partitions as number[])}::int[])`;
  return new Map(rows.map((r) => [r.partition, BigInt(r.next_offset)]));
}

/** The stored next offset of every partition of `topic` that `group` has progress for. */
export async function readGroupProgress(
  sql: Sql,
  group: string,
  topic: string,
): Promise<Map<number, bigint>> {
  const rows = await sql<{ partition: number; next_offset: string }[]>`
    select partition, next_offset::text from ingest_checkpoint
    where consumer_group = ${group} and topic = ${topic}`;
  return new Map(rows.map((r) => [r.partition, BigInt(r.next_offset)]));
}

/** The locked checkpoint row, as the writer needs it. */
export type CheckpointLock =
  | { readonly owned: true; readonly nextOffset: bigint }
  | { readonly owned: false; readonly owner: string | null };

/**
 * Locks the partition's checkpoint row for the rest of the transaction (`FOR UPDATE`, so
 * two writers of one partition serialise) and reports whether `member` owns it.
 */
export async function lockCheckpoint(
  tx: TransactionSql,
  key: { group: string; topic: string; partition: number },
  member: string,
): Promise<CheckpointLock> {
  const [row] = await tx<{ next_offset: string; owner_member: string | null }[]>`
    select next_offset::text, owner_member from ingest_checkpoint
    where consumer_group = ${key.group} and topic = ${key.topic} and partition = ${key.partition}
    for update`;
  if (!row || row.owner_member !== member) {
    return { owned: false, owner: row?.owner_member ?? null };
  }
  return { owned: true, nextOffset: BigInt(row.next_offset) };
}

/** Moves the locked checkpoint to `nextOffset` (call after {@link lockCheckpoint} said owned). */
export async function advanceCheckpoint(
  tx: TransactionSql,
  key: { group: string; topic: string; partition: number },
  nextOffset: bigint,
): Promise<void> {
  await tx`
    update ingest_checkpoint set next_offset = ${nextOffset.toString()}::bigint, updated_at = now()
    where consumer_group = ${key.group} and topic = ${key.topic} and partition = ${key.partition}`;
}
