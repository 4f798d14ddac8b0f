/**
 * One lane per Kafka partition: work queued on a partition's lane runs after the work
 * queued before it, so the detector's batch for a partition and its NO_DATA timer pass for
 * that partition never interleave (both read the cached states, then replace them after
 * their commit). Lanes of different partitions run independently.
 */
export interface PartitionLocks {
  /** Runs `work` once everything queued earlier on `partition` has settled. */
  run<T>(partition: number, work: () => Promise<T>): Promise<T>;
}

/** Creates the lanes. */
export function createPartitionLocks(): PartitionLocks {
  const tails = new Map<number, Promise<unknown>>();
  return {
    run<T>(partition: number, work: () => Promise<T>): Promise<T> {
      const previous = tails.get(partition) ?? Promise.resolve();
      const result = previous.then(work, work);
      const tail = result.catch(() => {});
      tails.set(partition, tail);
      tail.then(() => {
        if (tails.get(partition) === tail) tails.delete(partition);
      });
      return result;
    },
  };
}
