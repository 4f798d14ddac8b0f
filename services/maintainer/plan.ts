/**
 * What the maintainer should do to the partitioned tables at a moment (pure: the clock is a
 * parameter): which time ranges must have partitions, and before which instant each table's
 * partitions have expired.
 */
import { ConfigError, type StorageConfig, type ValidationConfig } from "../../shared/config/mod.ts";

/** The tables migration 0004 partitions by time, in the order they are maintained. */
export const PARTITIONED_TABLES = [
  "heartbeat_events",
  "anomalies",
  "heartbeat_rollup_minute",
  "heartbeat_rollup_minute_hr",
] as const;
export type PartitionedTable = typeof PARTITIONED_TABLES[number];

/** One table's work. */
export interface TableWork {
  readonly table: PartitionedTable;
  /** Partitions must cover [ensureFrom, ensureTo). */
  readonly ensureFrom: Date;
  readonly ensureTo: Date;
  /** Partitions that end at or before this instant are dropped. */
  readonly dropBefore: Date;
}

/**
 * Refuses a retention shorter than the oldest reading validation still accepts: such a
 * reading would be stored into a range whose partition retention has already dropped, and
 * vanish at the next run. Failing at start-up says so instead.
 */
export function checkRetention(storage: StorageConfig, validation: ValidationConfig): void {
  const short = PARTITIONED_TABLES.filter((t) => storage.retentionMs[t] < validation.maxAgeMs);
  if (short.length > 0) {
    const maxAgeH = validation.maxAgeMs / 3_600_000;
    throw new ConfigError(
      "CONFIG_INVALID",
      `retention of ${
        short.join(", ")
      } is shorter than EVENT_TIME_MAX_AGE_H (${maxAgeH} h), so valid late readings would be stored and then dropped: raise RETENTION_DAYS / ANOMALY_RETENTION_DAYS / ROLLUP_RETENTION_DAYS to at least ${
        Math.ceil(maxAgeH / 24)
      } days, or lower EVENT_TIME_MAX_AGE_H`,
    );
  }
}

/**
 * The work at `nowMs`: partitions from the oldest acceptable event time (readings older than
 * EVENT_TIME_MAX_AGE_H go to the invalid topic) to PARTITIONS_AHEAD_H ahead (at least as far
 * as EVENT_TIME_MAX_FUTURE_S lets readings be), and each table's retention cut-off.
 */
export function partitionWork(
  nowMs: number,
  storage: StorageConfig,
  validation: ValidationConfig,
): TableWork[] {
  const ensureFrom = new Date(nowMs - validation.maxAgeMs);
  const ensureTo = new Date(nowMs + Math.max(storage.aheadMs, validation.maxFutureMs));
  return PARTITIONED_TABLES.map((table) => ({
    table,
    ensureFrom,
    ensureTo,
    dropBefore: new Date(nowMs - storage.retentionMs[table]),
  }));
}
