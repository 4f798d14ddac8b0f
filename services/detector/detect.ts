/**
 * The detector's batch handler. Per partition batch, in ONE PostgreSQL transaction:
 *
 * 1. lock its own checkpoint row (group `heartbeat-detector`): fenced or where to resume;
 * 2. validate like the writer and ignore invalid records (they are not anomalies);
 * 3. run the rule engine over the readings in offset order, each customer's state loaded
 *    from `detector_state` (kept in memory between batches in the state slab, both engines'
 *    state in one fixed record per customer; the slab is dropped on every rebalance, since
 *    another member may have moved a customer's state meanwhile); and the alert engine
 *    (shared/alerts) over the same readings — re-deliveries, which the rule state
 *    recognises, reach neither;
 * 4. publish the new anomalies and alert transitions (acks=all) before committing, so a
 *    crash can repeat a publication but never lose one; consumers dedupe on anomaly_id and
 *    on (alert_id, seq);
 * 5. insert the anomalies and alert transitions (idempotent on their deterministic ids),
 *    save the changed states with the partition, move the checkpoint, commit — and only
 *    then update the slab.
 *
 * NO_DATA needs no reading to fire: {@link Detector.tick} runs the alert engine's timers
 * for the customers of each owned, caught-up partition, in a transaction that holds the
 * partition's checkpoint row (fencing), on the partition's lane so it never interleaves
 * with a batch of that partition.
 */
import type { AlertEngine } from "../../shared/alerts/mod.ts";
import type { AlertTransition } from "../../shared/alerts/types.ts";
import type { AnomalyConfig, ValidationConfig } from "../../shared/config/mod.ts";
import type { AnomalyEvent } from "../../shared/contract/mod.ts";
import {
  advanceCheckpoint,
  lockCheckpoint,
  type Sql,
  type TransactionSql,
} from "../../shared/db/mod.ts";
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
import { toAlertMessage } from "./alert_event.ts";
import { writeAlertTransitions } from "./alerts_store.ts";
import { createPartitionLocks } from "./partition_locks.ts";
import { createStateSlab, type StateSlab } from "./state_slab.ts";
import {
  insertAnomalies,
  loadPartitionStates,
  loadStates,
  saveAlertStates,
  saveStates,
  type StoredState,
} from "./store.ts";

/** What the detector needs. */
export interface DetectorDeps {
  readonly sql: Sql;
  readonly group: string;
  /** The raw topic (the checkpoint rows' topic). */
  readonly rawTopic: string;
  readonly anomalyTopic: string;
  readonly validation: ValidationConfig;
  readonly rules: AnomalyConfig;
  readonly publish: (topic: string, messages: OutgoingMessage[]) => Promise<void>;
  readonly metrics: Metrics;
  readonly log: Logger;
  /** The alert layer: its engine, its record size and the topic of its transitions. */
  readonly alerts: {
    readonly engine: AlertEngine;
    readonly stateBytes: number;
    readonly topic: string;
    /** A partition counts as caught up (timers run) with at most this many records behind. */
    readonly caughtUpLag: number;
  };
  readonly now?: () => number;
}

/** The handler, the timer pass and the hook that drops the caches on a rebalance. */
export interface Detector {
  readonly handle: BatchHandler;
  /** On every group join: drops the caches and remembers the member and its partitions. */
  readonly rebalanced: (memberId: string, partitions: readonly number[]) => void;
  /** One pass of the alert engine's timers over the owned, caught-up partitions. */
  readonly tick: () => Promise<void>;
  /** Customers whose state is held in memory (for memory figures). */
  readonly cachedCustomers: () => number;
  /** The state slab: both engines' per-customer state (for memory figures). */
  readonly slab: StateSlab;
}

/** Builds the detector. */
export function createDetector(deps: DetectorDeps): Detector {
  const now = deps.now ?? Date.now;
  const { engine, stateBytes } = deps.alerts;
  // A state the engine cannot read has no timer (its readings are refused and logged).
  const deadlineOf = (alert: Uint8Array) => {
    try {
      return engine.nextDeadlineMs(alert);
    } catch {
      return Infinity;
    }
  };
  const slab = createStateSlab(stateBytes, deadlineOf);
  const lanes = createPartitionLocks();
  // Set by `rebalanced`: whose partitions they are, which have their silent customers'
  // states loaded, and how far behind each was at its last batch.
  let member = "";
  let generation = 0;
  let owned: readonly number[] = [];
  let assignedAt = 0;
  const loadedPartitions = new Set<number>();
  const behind = new Map<number, bigint>();

  /** Holds a committed state; one the slab cannot hold stays in the database only. */
  const hold = (id: string, state: CustomerState, alert: Uint8Array, partition: number) => {
    if (slab.put(id, state, alert, partition)) return;
    deps.log.warn("rule state left in the database only: the state slab cannot hold it", {
      customerId: id,
      state: JSON.stringify(state),
    });
  };

  /** Holds a state loaded from the database, unless the slab has a newer one. */
  const remember = (id: string, stored: StoredState, partition: number) => {
    if (slab.has(id)) return;
    // No alert record yet (or one of another size) is the engine's "never seen": zeros.
    const alert = stored.alertState?.length === stateBytes
      ? stored.alertState
      : new Uint8Array(stateBytes);
    hold(id, stored.state, alert, partition);
  };

  /** Publishes and stores transitions; returns the keys of those that were new. */
  const emit = async (
    tx: TransactionSql,
    transitions: readonly AlertTransition[],
    detectedAtMs: number,
  ): Promise<Set<string>> => {
    if (transitions.length === 0) return new Set();
    await deps.publish(
      deps.alerts.topic,
      transitions.map((t) => toAlertMessage(t, detectedAtMs)),
    );
    return await writeAlertTransitions(tx, transitions, detectedAtMs);
  };

  const countTransitions = (transitions: readonly AlertTransition[], fresh: Set<string>) => {
    for (const t of transitions) {
      if (fresh.has(`${t.alertId}:${t.seq}`)) {
        deps.metrics.alertTransitions.inc({ rule: t.rule, status: t.to });
      }
    }
  };

  const handle = async (batch: PartitionBatch, context: BatchContext): Promise<BatchResult> => {
    const started = performance.now();
    const key = { group: deps.group, topic: batch.topic, partition: batch.partition };
    const lastOffset = batch.records[batch.records.length - 1]!.offset;
    // Filled by the transaction; applied to the slab and metrics only once it committed.
    // Both maps get the same customers: those with a reading that was not a re-delivery.
    const changed = new Map<string, CustomerState>();
    const changedAlerts = new Map<string, Uint8Array>();
    const unreadable = new Set<string>(); // customers whose alert state the engine refused
    const anomalies: AnomalyEvent[] = [];
    const transitions: AlertTransition[] = [];
    let artifacts = 0;
    let late = 0;
    let stored = new Set<string>();
    let freshTransitions = new Set<string>();
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
            ...(verdict.rrIntervalsMs ? { rrIntervalsMs: verdict.rrIntervalsMs } : {}),
          },
          timestampMs: record.timestampMs,
        });
      }
      const missing = [...new Set(readings.map((r) => r.reading.customerId))].filter((id) =>
        !slab.has(id)
      );
      const loaded = await loadStates(tx, missing);
      for (const { reading, timestampMs } of readings) {
        const id = reading.customerId;
        const before = changed.get(id) ?? slab.ruleState(id) ?? loaded.get(id)?.state;
        const evaluation = evaluateReading(reading, before, deps.rules);
        if (evaluation.nextState === before) continue; // a re-delivery: nothing changes
        changed.set(id, evaluation.nextState);
        for (const finding of evaluation.findings) {
          const anomaly = toAnomalyEvent(finding, reading, nowMs);
          anomalies.push(anomaly);
          timestamps.set(anomaly.anomaly_id, timestampMs);
        }
        let alertState = changedAlerts.get(id);
        if (alertState === undefined) {
          const storedAlert = loaded.get(id)?.alertState;
          alertState = slab.copyAlert(id) ??
            (storedAlert?.length === stateBytes ? storedAlert.slice() : undefined) ??
            new Uint8Array(stateBytes);
          changedAlerts.set(id, alertState);
        }
        if (unreadable.has(id)) {
          deps.metrics.alertStateErrors.inc();
          continue;
        }
        let step;
        try {
          step = engine.onReading(alertState, reading, nowMs);
        } catch (error) {
          // A stored alert state this engine cannot read (written by another version): the
          // customer's alerts pause, nothing else does — resetting it could open a second
          // alert beside one still open in the table. The message says what to do, once per
          // batch. Its bytes stay as they are (saved back unchanged; no timer comes due).
          unreadable.add(id);
          deps.metrics.alertStateErrors.inc();
          deps.log.error("alert state unreadable: no alerts for this customer until it is reset", {
            customerId: id,
            error,
          });
          continue;
        }
        transitions.push(...step.transitions);
        artifacts += step.artifacts;
        late += step.late;
      }
      if (anomalies.length > 0) {
        await deps.publish(
          deps.anomalyTopic,
          anomalies.map((a) => ({ key: a.customer_id, value: JSON.stringify(a) })),
        );
      }
      stored = await insertAnomalies(tx, anomalies);
      freshTransitions = await emit(tx, transitions, nowMs);
      await saveStates(tx, changed, changedAlerts, batch.partition);
      await advanceCheckpoint(tx, key, lastOffset + 1n);
      for (const [id, state] of loaded) remember(id, state, batch.partition);
      return { kind: "done", nextOffset: lastOffset + 1n };
    });

    if (result.kind === "done") {
      for (const [id, state] of changed) hold(id, state, changedAlerts.get(id)!, batch.partition);
      behind.set(batch.partition, BigInt(batch.highWatermark) - result.nextOffset);
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
      countTransitions(transitions, freshTransitions);
      if (artifacts > 0) deps.metrics.alertArtifacts.inc(artifacts);
      if (late > 0) deps.metrics.alertLateReadings.inc(late);
    } else if (result.kind === "fenced") {
      slab.clear();
      loadedPartitions.clear();
    }
    return result;
  };

  /**
   * Whether a partition's timers may run: it was caught up at its last batch, or it had no
   * batch within 10 s of the assignment (nothing to read). A detector catching up on a
   * backlog would otherwise see every customer as silent.
   */
  const caughtUp = (partition: number, nowMs: number) => {
    const lag = behind.get(partition);
    if (lag === undefined) return nowMs - assignedAt >= 10_000;
    return lag <= BigInt(deps.alerts.caughtUpLag);
  };

  /** One partition's timer pass: load its customers once, then fire what is due. */
  const tickPartition = async (partition: number) => {
    const epoch = generation;
    const memberId = member;
    if (!loadedPartitions.has(partition)) {
      const states = await loadPartitionStates(deps.sql, partition);
      if (epoch !== generation) return; // a rebalance came in between
      for (const [id, state] of states) remember(id, state, partition);
      loadedPartitions.add(partition);
    }
    const nowMs = now();
    const due = slab.due(partition, nowMs);
    if (due.length === 0) return;
    const changedAlerts = new Map<string, Uint8Array>();
    const transitions: AlertTransition[] = [];
    let fresh = new Set<string>();
    const key = { group: deps.group, topic: deps.rawTopic, partition };
    const owns = await deps.sql.begin(async (tx) => {
      const lock = await lockCheckpoint(tx, key, memberId);
      if (!lock.owned) return false;
      for (const id of due) {
        const alertState = slab.copyAlert(id);
        if (alertState === undefined) continue;
        transitions.push(...engine.onTick(alertState, id, nowMs).transitions);
        changedAlerts.set(id, alertState);
      }
      fresh = await emit(tx, transitions, nowMs);
      await saveAlertStates(tx, changedAlerts);
      return true;
    });
    if (!owns || epoch !== generation) return;
    for (const [id, alertState] of changedAlerts) slab.putAlert(id, alertState);
    countTransitions(transitions, fresh);
  };

  const tick = async () => {
    const nowMs = now();
    const due = slab.duePartitions(nowMs);
    for (const partition of owned) {
      if (loadedPartitions.has(partition) && !due.has(partition)) continue;
      if (!caughtUp(partition, nowMs)) continue;
      await lanes.run(partition, () => tickPartition(partition));
    }
  };

  return {
    handle: (batch, context) => lanes.run(batch.partition, () => handle(batch, context)),
    rebalanced: (memberId, partitions) => {
      member = memberId;
      generation++;
      owned = [...partitions];
      assignedAt = now();
      slab.clear();
      loadedPartitions.clear();
      behind.clear();
    },
    tick,
    cachedCustomers: () => slab.size,
    slab,
  };
}
