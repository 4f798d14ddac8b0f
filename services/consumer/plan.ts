/**
 * Splits a batch into rows to store and records to route to the invalid topic (pure: the
 * clock is a parameter). Records below `skipBelow` were stored before and are left out.
 * Version 2 readings become rows like version 1 ones (their `schema_version` is kept); their
 * beat-to-beat intervals are not stored (docs/decisions.md, D20): the detector reads them
 * from the topic, which keeps them for its retention.
 */
import type { ValidationConfig } from "../../shared/config/mod.ts";
import type { ReasonCode } from "../../shared/contract/mod.ts";
import type { PartitionBatch, RawRecord } from "../../shared/kafka/mod.ts";
import { validateRecord } from "../../shared/validation/mod.ts";
import type { EventRow } from "./store.ts";

/** A record that failed validation. */
export interface Rejected {
  readonly record: RawRecord;
  readonly reason: ReasonCode;
  readonly message: string;
}

/** The batch, split. `rows[i]` came from `rowRecords[i]`. */
export interface BatchPlan {
  readonly rows: EventRow[];
  readonly rowRecords: RawRecord[];
  readonly rejected: Rejected[];
  /** Records below the checkpoint, left out. */
  readonly skipped: number;
}

/** Validates the records at or above `skipBelow`, in offset order. */
export function planBatch(
  batch: PartitionBatch,
  skipBelow: bigint,
  config: ValidationConfig,
  nowMs: number,
): BatchPlan {
  const rows: EventRow[] = [];
  const rowRecords: RawRecord[] = [];
  const rejected: Rejected[] = [];
  let skipped = 0;
  for (const record of batch.records) {
    if (record.offset < skipBelow) {
      skipped++;
      continue;
    }
    const verdict = validateRecord(record, config, nowMs);
    if (!verdict.valid) {
      rejected.push({ record, reason: verdict.reason, message: verdict.message });
      continue;
    }
    const event = verdict.event;
    rowRecords.push(record);
    rows.push({
      customerId: event.customer_id,
      eventId: event.event_id,
      eventTime: event.event_time,
      heartRate: event.heart_rate,
      schemaVersion: event.schema_version,
      topic: batch.topic,
      partition: batch.partition,
      offset: record.offset,
      deviceId: event.device_id ?? null,
      deviceModel: event.device_model ?? null,
      batteryPct: event.battery_pct ?? null,
    });
  }
  return { rows, rowRecords, rejected, skipped };
}
