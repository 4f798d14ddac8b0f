/**
 * Where a writer resumes, decided from its PostgreSQL checkpoint (the truth) and the batch
 * Kafka delivered (which follows Kafka's own committed offsets, only a hint):
 *
 * - batch starts at or below the checkpoint: process it, skipping what is below (already
 *   stored — a re-delivery after a crash between the database commit and Kafka's);
 * - batch starts above the checkpoint: Kafka skipped ahead of what we stored. Rewind to the
 *   checkpoint — unless retention already deleted those records (the log start offset is
 *   past the checkpoint): then the gap is unrecoverable, reported, and we resume from the
 *   log start.
 */

/** What to do with a batch. */
export type ResumeDecision =
  | { readonly action: "process"; readonly skipBelow: bigint; readonly lost: bigint }
  | { readonly action: "rewind"; readonly offset: bigint }
  | { readonly action: "need-log-start" };

/**
 * Decides for a batch starting at `firstOffset`, given the checkpoint's next offset and,
 * when already known, the partition's log start offset. `lost` counts records deleted by
 * retention before they were processed (0 normally).
 */
export function decideResume(
  firstOffset: bigint,
  checkpoint: bigint,
  logStart?: bigint,
): ResumeDecision {
  if (firstOffset <= checkpoint) return { action: "process", skipBelow: checkpoint, lost: 0n };
  if (logStart === undefined) return { action: "need-log-start" };
  if (logStart <= checkpoint) return { action: "rewind", offset: checkpoint };
  // Records checkpoint..logStart-1 no longer exist in Kafka.
  if (firstOffset <= logStart) {
    return { action: "process", skipBelow: logStart, lost: logStart - checkpoint };
  }
  return { action: "rewind", offset: logStart };
}
