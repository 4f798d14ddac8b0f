/**
 * The opening of every batch transaction, shared by the writer and the detector: lock the
 * partition's checkpoint row, refuse the batch if this member no longer owns the partition
 * (fencing), and decide where to resume ({@link decideResume}). Either the caller proceeds
 * with the records at or above `skipBelow`, or it returns `result` as it is.
 */
import { lockCheckpoint, type TransactionSql } from "../db/mod.ts";
import type { BatchContext, BatchResult, PartitionBatch } from "../kafka/mod.ts";
import { decideResume } from "./resume.ts";

/** What to do after the batch's opening. */
export type BatchStart =
  | { readonly proceed: false; readonly result: BatchResult }
  | { readonly proceed: true; readonly skipBelow: bigint; readonly lost: bigint };

/** Locks, checks ownership and decides; see the module doc. */
export async function startBatch(
  tx: TransactionSql,
  group: string,
  batch: PartitionBatch,
  context: BatchContext,
): Promise<BatchStart> {
  const key = { group, topic: batch.topic, partition: batch.partition };
  const lock = await lockCheckpoint(tx, key, context.memberId);
  if (!lock.owned) return { proceed: false, result: { kind: "fenced" } };
  const first = batch.records[0]!.offset;
  const last = batch.records[batch.records.length - 1]!.offset;
  let decision = decideResume(first, lock.nextOffset);
  if (decision.action === "need-log-start") {
    decision = decideResume(first, lock.nextOffset, await context.logStartOffset());
  }
  if (decision.action === "rewind") {
    return { proceed: false, result: { kind: "rewind", offset: decision.offset } };
  }
  if (decision.action !== "process") throw new Error("unreachable: decideResume had the log start");
  // Everything below the checkpoint: already done, just move Kafka's position past it.
  if (decision.skipBelow > last) {
    return { proceed: false, result: { kind: "done", nextOffset: decision.skipBelow } };
  }
  return { proceed: true, skipBelow: decision.skipBelow, lost: decision.lost };
}
