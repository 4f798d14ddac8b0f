/**
 * The DB writer's batch handler — the effectively-exactly-once step. Per partition batch,
 * in ONE PostgreSQL transaction:
 *
 * 1. lock the partition's checkpoint row; if this member no longer owns the partition
 *    (another member claimed it in a later rebalance), write nothing: `fenced`;
 * 2. decide where to resume from the checkpoint (skip re-deliveries, rewind a gap);
 * 3. validate; publish invalid records to the invalid topic (acks=all) before committing,
 *    so a crash can repeat a publication but never lose one;
 * 4. insert valid rows (idempotent on customer_id + event_id + event_time, with copies of an
 *    event id within an hour caught too). If the set-based insert fails on bad data, retry
 *    row by row inside savepoints; a row still failing after `dlqMaxAttempts` goes to the
 *    dead-letter topic and the rest are stored; mark the minutes written as stale for the
 *    rollups;
 * 5. record routed records in the ledger, move the checkpoint past the batch, commit.
 *
 * Infrastructure failures (database or broker down) throw: kafkajs retries the batch with
 * backoff, and nothing of it was committed.
 */
import type { ValidationConfig } from "../../shared/config/mod.ts";
import { advanceCheckpoint, type Sql, type TransactionSql } from "../../shared/db/mod.ts";
import type {
  BatchContext,
  BatchHandler,
  BatchResult,
  PartitionBatch,
  RawRecord,
} from "../../shared/kafka/mod.ts";
import type { Logger, Metrics } from "../../shared/observability/mod.ts";
import { startBatch } from "../../shared/pipeline/mod.ts";
import { planBatch } from "./plan.ts";
import { dlqMessage, invalidMessage, type OutboundMessage } from "./routing.ts";
import {
  describeConflict,
  type EventRow,
  findDuplicates,
  insertEvents,
  insertRouted,
  markRollupMinutes,
  type RoutedRow,
} from "./store.ts";

/** What the writer needs. */
export interface WriterDeps {
  readonly sql: Sql;
  readonly group: string;
  readonly topics: { readonly invalid: string; readonly dlq: string };
  readonly validation: ValidationConfig;
  readonly dlqMaxAttempts: number;
  /** Produces messages with acks=all; resolves once the broker confirmed all of them. */
  readonly publish: (topic: string, messages: OutboundMessage[]) => Promise<void>;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly now?: () => number;
}

/** SQLSTATE classes that mean "this data cannot be stored", not "the database is down". */
const DATA_ERROR_CLASSES = ["22", "23", "54"];

/** Builds the handler for `startPartitionConsumer`. */
export function createWriter(deps: WriterDeps): BatchHandler {
  const now = deps.now ?? Date.now;
  return async (batch: PartitionBatch, context: BatchContext): Promise<BatchResult> => {
    const started = performance.now();
    const key = { group: deps.group, topic: batch.topic, partition: batch.partition };
    const lastOffset = batch.records[batch.records.length - 1]!.offset;
    const counts = {
      inserted: 0,
      skipped: 0,
      eventDuplicates: 0,
      invalid: [] as string[],
      dlq: 0,
      rows: [] as RawRecord[],
    };

    const result = await deps.sql.begin(async (tx): Promise<BatchResult> => {
      const start = await startBatch(tx, deps.group, batch, context);
      if (!start.proceed) {
        if (start.result.kind === "done") counts.skipped = batch.records.length;
        return start.result;
      }
      if (start.lost > 0n) {
        deps.log.error("records deleted by Kafka retention before they were stored", {
          ...key,
          lost: start.lost,
        });
      }

      const nowMs = now();
      const plan = planBatch(batch, start.skipBelow, deps.validation, nowMs);
      counts.skipped = plan.skipped;
      const source = (record: RawRecord) => ({
        topic: batch.topic,
        partition: batch.partition,
        record,
      });
      const routed: RoutedRow[] = [];
      if (plan.rejected.length > 0) {
        const at = new Date(nowMs);
        await deps.publish(
          deps.topics.invalid,
          plan.rejected.map((r) =>
            invalidMessage(source(r.record), r.reason, r.message, deps.group, at)
          ),
        );
        for (const r of plan.rejected) {
          routed.push(routedRow(batch, r.record, "invalid", r.reason, r.message, 1));
          counts.invalid.push(r.reason);
        }
      }

      const stored = await insertWithIsolation(tx, plan.rows, plan.rowRecords, deps.dlqMaxAttempts);
      counts.inserted = stored.inserted;
      counts.eventDuplicates = plan.rows.length - stored.poisoned.length - stored.inserted;
      counts.rows = plan.rowRecords;
      if (stored.poisoned.length > 0) {
        const at = new Date(now());
        await deps.publish(
          deps.topics.dlq,
          stored.poisoned.map((p) =>
            dlqMessage(source(p.record), p.error, p.attempts, deps.group, at)
          ),
        );
        for (const p of stored.poisoned) {
          routed.push(
            routedRow(
              batch,
              p.record,
              "dlq",
              p.error.code ?? p.error.name,
              p.error.message,
              p.attempts,
              p.row,
            ),
          );
          deps.log.error("record sent to the dead-letter topic", {
            ...key,
            offset: p.record.offset,
            attempts: p.attempts,
            error: p.error,
          });
        }
        counts.dlq = stored.poisoned.length;
      }
      if (counts.eventDuplicates > 0) {
        // Keys stored before: an identical copy is a re-delivery (skip); a different one is
        // conflicting data, which must not vanish silently — it goes to the invalid topic.
        const poisoned = new Set(stored.poisoned.map((p) => p.record));
        const candidates = plan.rows.filter((_, i) => !poisoned.has(plan.rowRecords[i]!));
        const candidateRecords = plan.rowRecords.filter((r) => !poisoned.has(r));
        const conflicts = (await findDuplicates(tx, candidates))
          .map((d) => ({
            row: candidates[d.index]!,
            record: candidateRecords[d.index]!,
            what: describeConflict(candidates[d.index]!, d),
          }))
          .filter((c) => c.what !== "");
        if (conflicts.length > 0) {
          const at = new Date(now());
          const messages = conflicts.map((c) =>
            `event ${c.row.eventId} of ${c.row.customerId} was stored before with other content: ${c.what}`
          );
          await deps.publish(
            deps.topics.invalid,
            conflicts.map((c, i) =>
              invalidMessage(source(c.record), "EVENT_ID_CONFLICT", messages[i]!, deps.group, at)
            ),
          );
          conflicts.forEach((c, i) =>
            routed.push(
              routedRow(batch, c.record, "invalid", "EVENT_ID_CONFLICT", messages[i]!, 1, c.row),
            )
          );
          for (const _ of conflicts) counts.invalid.push("EVENT_ID_CONFLICT");
          counts.eventDuplicates -= conflicts.length;
        }
      }
      if (counts.inserted > 0) await markRollupMinutes(tx, batch.partition, plan.rows);
      await insertRouted(tx, deps.group, routed);
      await advanceCheckpoint(tx, key, lastOffset + 1n);
      return { kind: "done", nextOffset: lastOffset + 1n };
    });

    recordMetrics(deps.metrics, batch, result, counts, started, now());
    return result;
  };
}

interface Poisoned {
  readonly row: EventRow;
  readonly record: RawRecord;
  readonly attempts: number;
  readonly error: { name: string; message: string; code?: string };
}

/**
 * One set-based insert; if bad data makes it fail, the rows one by one (each in a
 * savepoint, up to `maxAttempts` tries in all) so one poisonous row cannot block the rest.
 */
async function insertWithIsolation(
  tx: TransactionSql,
  rows: EventRow[],
  records: RawRecord[],
  maxAttempts: number,
): Promise<{ inserted: number; poisoned: Poisoned[] }> {
  if (rows.length === 0) return { inserted: 0, poisoned: [] };
  try {
    return { inserted: await tx.savepoint((sp) => insertEvents(sp, rows)), poisoned: [] };
  } catch (error) {
    if (!isDataError(error)) throw error;
  }
  let inserted = 0;
  const poisoned: Poisoned[] = [];
  for (let i = 0; i < rows.length; i++) {
    let lastError: unknown;
    let attempts = 1; // the set-based insert was the first
    while (attempts < maxAttempts) {
      attempts++;
      try {
        inserted += await tx.savepoint((sp) => insertEvents(sp, [rows[i]!]));
        lastError = undefined;
        break;
      } catch (error) {
        if (!isDataError(error)) throw error;
        lastError = error;
      }
    }
    if (lastError !== undefined) {
      poisoned.push({
        row: rows[i]!,
        record: records[i]!,
        attempts,
        error: describeError(lastError),
      });
    }
  }
  return { inserted, poisoned };
}

function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) &&
    DATA_ERROR_CLASSES.includes(code.slice(0, 2));
}

function describeError(error: unknown): { name: string; message: string; code?: string } {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === "string" ? { code } : {}),
  };
}

function routedRow(
  batch: PartitionBatch,
  record: RawRecord,
  destination: "invalid" | "dlq",
  reasonCode: string,
  message: string,
  attempts: number,
  row?: EventRow,
): RoutedRow {
  return {
    topic: batch.topic,
    partition: batch.partition,
    offset: record.offset,
    destination,
    reasonCode,
    message,
    customerId: row?.customerId ?? null,
    eventId: row?.eventId ?? null,
    attempts,
  };
}

function recordMetrics(
  metrics: Metrics,
  batch: PartitionBatch,
  result: BatchResult,
  counts: {
    inserted: number;
    skipped: number;
    eventDuplicates: number;
    invalid: string[];
    dlq: number;
    rows: RawRecord[];
  },
  startedMs: number,
  committedAtMs: number,
): void {
  metrics.consumed.inc(batch.records.length);
  if (result.kind !== "done") return;
  metrics.batchSize.observe(batch.records.length);
  metrics.batchWrite.observe((performance.now() - startedMs) / 1000);
  if (counts.inserted > 0) metrics.dbInserts.inc(counts.inserted);
  if (counts.skipped > 0) metrics.duplicates.inc({ why: "below_checkpoint" }, counts.skipped);
  if (counts.eventDuplicates > 0) {
    metrics.duplicates.inc({ why: "event_exists" }, counts.eventDuplicates);
  }
  for (const reason of counts.invalid) metrics.invalid.inc({ reason });
  if (counts.dlq > 0) metrics.dlq.inc(counts.dlq);
  for (const record of counts.rows) {
    metrics.eventToStored.observe(Math.max(0, committedAtMs - record.timestampMs) / 1000);
  }
}
