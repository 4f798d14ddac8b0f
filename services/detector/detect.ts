/**
 * The detector's batch handler. Per partition batch, in ONE PostgreSQL transaction:
 *
 * 1. lock its own checkpoint row (group `heartbeat-detector`): fenced or where to resume;
 * 2. validate like the writer and ignore invalid records (they are not anomalies);
 * 3. run the rule engine over the readings in offset order, each customer's state loaded
 *    from `detector_state` (cached in memory between batches; the cache is dropped on every
 *    rebalance, since another member may have moved a customer's state meanwhile);
 * 4. publish the new anomalies to the anomaly topic (acks=all) before committing, so a
 *    crash can repeat a publication but never lose one; consumers dedupe on anomaly_id;
 * 5. insert the anomalies (idempotent on the deterministic anomaly_id), save the changed
 *    states, move the checkpoint, commit — and only then update the cache.
 */
import type { AnomalyConfig, ValidationConfig } from "../../shared/config/mod.ts";
import type { AnomalyEvent } from "../../shared/contract/mod.ts";
import { advanceCheckpoint, type Sql } from "../../shared/db/mod.ts";
import type {
  BatchContext,
  BatchHandler,
  BatchResult,
  PartitionBatch,
} from "../../shared/kafka/mod.ts";
import type { OutgoingMessage } from "../../shared/kafka/mod.ts";
import type { Logger, Metrics } from "../../shared/observability/mod.ts";
import { startBatch } from "../../shared/pipeline/mod.ts";
import { type CustomerState, evaluateReading, toAnomalyEvent } from "../../shared/rules/mod.ts";
import { validateRecord } from "../../shared/validation/mod.ts";
import { insertAnomalies, loadStates, saveStates } from "./store.ts";

/** What the detector needs. */
export interface DetectorDeps {
  readonly sql: Sql;
  readonly group: string;
  readonly anomalyTopic: string;
  readonly validation: ValidationConfig;
  readonly rules: AnomalyConfig;
  readonly publish: (topic: string, messages: OutgoingMessage[]) => Promise<void>;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly now?: () => number;
}

/** The handler plus the hook that drops the state cache on a rebalance. */
export interface Detector {
  readonly handle: BatchHandler;
  readonly forgetCachedState: () => void;
  /** Customers whose state is cached (for memory figures). */
  readonly cachedCustomers: () => number;
}

/** Builds the detector. */
export function createDetector(deps: DetectorDeps): Detector {
  const now = deps.now ?? Date.now;
  const cache = new Map<string, CustomerState>();

  const handle = async (batch: PartitionBatch, context: BatchContext): Promise<BatchResult> => {
    const started = performance.now();
    const key = { group: deps.group, topic: batch.topic, partition: batch.partition };
    const lastOffset = batch.records[batch.records.length - 1]!.offset;
    // Filled by the transaction; applied to the cache and metrics only once it committed.
    const changed = new Map<string, CustomerState>();
    const anomalies: AnomalyEvent[] = [];
    let stored = new Set<string>();
    const timestamps = new Map<string, number>();

    const result = await deps.sql.begin(async (tx): Promise<BatchResult> => {
      const start = await startBatch(tx, deps.group, batch, context);
      if (!start.proceed) return start.result;
      if (start.lost > 0n) {
        deps.log.error("records deleted by Kafka retention before the detector saw them", {
          ...key,
          lost: start.lost,
        });
      }

      const nowMs = now();
      const readings = [];
      for (const record of batch.records) {
        if (record.offset < start.skipBelow) continue;
        const verdict = validateRecord(record, deps.validation, nowMs);
        if (!verdict.valid) continue;
        readings.push({
          reading: {
            eventId: verdict.event.event_id,
            customerId: verdict.event.customer_id,
            heartRate: verdict.event.heart_rate,
            eventTimeMs: verdict.eventTimeMs,
          },
          timestampMs: record.timestampMs,
        });
      }
      const missing = [...new Set(readings.map((r) => r.reading.customerId))].filter((id) =>
        !cache.has(id)
      );
      const loaded = await loadStates(tx, missing);
      for (const { reading, timestampMs } of readings) {
        const id = reading.customerId;
        const before = changed.get(id) ?? cache.get(id) ?? loaded.get(id);
        const evaluation = evaluateReading(reading, before, deps.rules);
        if (evaluation.nextState !== before) changed.set(id, evaluation.nextState);
        for (const finding of evaluation.findings) {
          const anomaly = toAnomalyEvent(finding, reading, nowMs);
          anomalies.push(anomaly);
          timestamps.set(anomaly.anomaly_id, timestampMs);
        }
      }
      if (anomalies.length > 0) {
        await deps.publish(
          deps.anomalyTopic,
          anomalies.map((a) => ({ key: a.customer_id, value: JSON.stringify(a) })),
        );
      }
      stored = await insertAnomalies(tx, anomalies);
      await saveStates(tx, changed);
      await advanceCheckpoint(tx, key, lastOffset + 1n);
      for (const [id, state] of loaded) if (!cache.has(id)) cache.set(id, state);
      return { kind: "done", nextOffset: lastOffset + 1n };
    });

    if (result.kind === "done") {
      for (const [id, state] of changed) cache.set(id, state);
      const committedAt = now();
      deps.metrics.consumed.inc(batch.records.length);
      deps.metrics.batchSize.observe(batch.records.length);
      deps.metrics.batchWrite.observe((performance.now() - started) / 1000);
      for (const anomaly of anomalies) {
        if (!stored.has(anomaly.anomaly_id)) continue;
        deps.metrics.anomalies.inc({ type: anomaly.anomaly_type, severity: anomaly.severity });
        deps.metrics.eventToAnomaly.observe(
          Math.max(0, committedAt - timestamps.get(anomaly.anomaly_id)!) / 1000,
        );
      }
    } else if (result.kind === "fenced") {
      cache.clear();
    }
    return result;
  };

  return { handle, forgetCachedState: () => cache.clear(), cachedCustomers: () => cache.size };
}
