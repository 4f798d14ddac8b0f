/**
 * The auditor: after a run has drained, compares what exists with what must exist. The
 * truth is the raw topic itself — every record in it (acknowledged to the producer or not)
 * must end in exactly one place — read back in full. From it, with the same validator and
 * rule engine the services use, it derives the expected rows (the first copy of each event),
 * invalid records with their reasons, and the anomalies of an uninterrupted run; then it
 * counts what is lost and what is duplicated in PostgreSQL and on the invalid topic.
 */
import type { AnomalyConfig, ValidationConfig } from "../../shared/config/mod.ts";
import type { Sql } from "../../shared/db/mod.ts";
import {
  type Admin,
  type Kafka,
  type RawRecord,
  readTopicSnapshot,
} from "../../shared/kafka/mod.ts";
import { anomalyId, type CustomerState, evaluateReading } from "../../shared/rules/mod.ts";
import { validateRecord } from "../../shared/validation/mod.ts";

/** What one audit found. `lost` and `duplicated` must both be 0. */
export interface AuditReport {
  readonly records: number;
  /**
   * How many records were sent at least once, as far as the raw topic shows: distinct valid
   * events (by customer and event id, so a retried copy counts once) plus every invalid
   * record (by offset). A malformed record carries no id: the simulator can send two
   * byte-identical ones (the same customer's zero-byte value twice in one batch, with one
   * batch timestamp), which a content key wrongly merged into one — a false "lost" seen in
   * the cluster scenario; a retried copy would count twice, which the idempotent producer
   * prevents. A producer that confirmed more records than this lost some.
   */
  readonly distinctRecords: number;
  readonly rows: { expected: number; stored: number; missing: number; unexpected: number };
  readonly invalid: {
    expected: number;
    ledger: number;
    missing: number;
    wrongReason: number;
    topicMessages: number;
    topicRepeats: number;
  };
  readonly dlq: number;
  readonly anomalies: { expected: number; stored: number; missing: number; extra: number };
  readonly lost: number;
  readonly duplicated: number;
}

/** Where the run's data lives. */
export interface AuditTarget {
  readonly sql: Sql;
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly topics: { raw: string; invalid: string };
  readonly writerGroup: string;
  readonly validation: ValidationConfig;
  readonly rules: AnomalyConfig;
}

/**
 * Reads every record of a (quiet) topic up to its end offsets, per partition in offset order
 * (with a throwaway group that is deleted afterwards).
 */
export async function readAll(
  kafka: Kafka,
  admin: Admin,
  topic: string,
): Promise<Map<number, RawRecord[]>> {
  const out = new Map<number, RawRecord[]>();
  const ranges = await readTopicSnapshot({
    kafka,
    admin,
    topic,
    groupId: `audit-${crypto.randomUUID()}`,
    onRecords: (partition, records) => {
      const list = out.get(partition) ?? [];
      list.push(...records);
      out.set(partition, list);
      return Promise.resolve();
    },
  });
  for (const { partition } of ranges) if (!out.has(partition)) out.set(partition, []);
  return out;
}

/** What the writer must make of a sequence of records. */
export interface WriterExpectation {
  /** `customer_id|event_id` of every event that must be a row (its first copy). */
  readonly rows: Set<string>;
  /** Record id → reason, for every record that must be routed as invalid. */
  readonly invalid: Map<string, string>;
  /** Identical repeats of stored events (re-deliveries: no row, nothing routed). */
  readonly absorbed: number;
  /** The valid readings in order (what the detector evaluates). */
  readonly readings: {
    eventId: string;
    customerId: string;
    heartRate: number;
    eventTimeMs: number;
  }[];
}

/**
 * The writer's contract applied to records in consumption order (per partition, by
 * offset): the validator's verdict; for valid ones, the first copy of a (customer_id,
 * event_id) is a row, an identical repeat is absorbed, a different one is EVENT_ID_CONFLICT.
 */
export function expectWriter(
  records: Iterable<{ id: string; key: Uint8Array | null; value: Uint8Array | null }>,
  validation: ValidationConfig,
  nowMs: number,
): WriterExpectation {
  const firstContent = new Map<string, string>();
  const expected: WriterExpectation = {
    rows: new Set(),
    invalid: new Map(),
    absorbed: 0,
    readings: [],
  };
  for (const record of records) {
    const verdict = validateRecord(record, validation, nowMs);
    if (!verdict.valid) {
      expected.invalid.set(record.id, verdict.reason);
      continue;
    }
    const e = verdict.event;
    expected.readings.push({
      eventId: e.event_id,
      customerId: e.customer_id,
      heartRate: e.heart_rate,
      eventTimeMs: verdict.eventTimeMs,
    });
    const key = `${e.customer_id}|${e.event_id}`;
    const content = JSON.stringify([
      verdict.eventTimeMs,
      e.heart_rate,
      e.device_id ?? null,
      e.device_model ?? null,
      e.battery_pct ?? null,
    ]);
    if (!firstContent.has(key)) {
      firstContent.set(key, content);
      expected.rows.add(key);
    } else if (firstContent.get(key) === content) (expected as { absorbed: number }).absorbed++;
    else expected.invalid.set(record.id, "EVENT_ID_CONFLICT");
  }
  return expected;
}

/** Audits a drained run. */
export async function audit(target: AuditTarget, nowMs = Date.now()): Promise<AuditReport> {
  const raw = await readAll(target.kafka, target.admin, target.topics.raw);
  // --- what must exist ---
  const ordered = [...raw].flatMap(([partition, list]) =>
    list.map((r) => ({ ...r, id: `${partition}/${r.offset}` }))
  );
  const writer = expectWriter(ordered, target.validation, nowMs);
  const expectedRows = writer.rows;
  const expectedInvalid = writer.invalid;
  const expectedAnomalies = new Set<string>();
  const states = new Map<string, CustomerState>();
  for (const reading of writer.readings) {
    const evaluation = evaluateReading(reading, states.get(reading.customerId), target.rules);
    states.set(reading.customerId, evaluation.nextState);
    for (const f of evaluation.findings) {
      expectedAnomalies.add(anomalyId(reading.customerId, reading.eventId, f.type));
    }
  }
  const records = ordered.length;
  // --- what exists ---
  const rows = await target.sql<{ key: string }[]>`
    select customer_id || '|' || event_id::text as key from heartbeat_events where source_topic = ${target.topics.raw}`;
  const stored = new Set(rows.map((r) => r.key));
  const ledger = await target.sql<{ at: string; destination: string; reason_code: string }[]>`
    select source_partition || '/' || source_offset as at, destination, reason_code from routed_records
    where consumer_group = ${target.writerGroup} and source_topic = ${target.topics.raw}`;
  const ledgerInvalid = new Map(
    ledger.filter((l) => l.destination === "invalid").map((l) => [l.at, l.reason_code]),
  );
  const keys = [...expectedRows].map((k) => k.split("|"));
  const anomalyRows = await target.sql<{ anomaly_id: string }[]>`
    select a.anomaly_id::text from anomalies a
    join unnest(${target.sql.array(keys.map((k) => k[0]!))}::text[], ${
    target.sql.array(keys.map((k) => k[1]!))
  }::uuid[])
      as k(customer_id, event_id) on a.customer_id = k.customer_id and a.event_id = k.event_id`;
  const storedAnomalies = new Set(anomalyRows.map((a) => a.anomaly_id));
  const invalidTopic = await readAll(target.kafka, target.admin, target.topics.invalid);
  const topicSources: string[] = [];
  for (const list of invalidTopic.values()) {
    for (const m of list) {
      const source = JSON.parse(new TextDecoder().decode(m.value!)).source as {
        topic: string;
        partition: number;
        offset: string;
      };
      if (source.topic === target.topics.raw) {
        topicSources.push(`${source.partition}/${source.offset}`);
      }
    }
  }
  const topicDistinct = new Set(topicSources);

  const missingRows = [...expectedRows].filter((k) => !stored.has(k)).length;
  const unexpectedRows = [...stored].filter((k) => !expectedRows.has(k)).length;
  const missingInvalid =
    [...expectedInvalid.keys()].filter((at) => !ledgerInvalid.has(at) || !topicDistinct.has(at))
      .length;
  const wrongReason =
    [...expectedInvalid].filter(([at, reason]) =>
      ledgerInvalid.has(at) && ledgerInvalid.get(at) !== reason
    ).length;
  const missingAnomalies = [...expectedAnomalies].filter((id) => !storedAnomalies.has(id)).length;
  const extraAnomalies = [...storedAnomalies].filter((id) => !expectedAnomalies.has(id)).length;
  const dlq = ledger.filter((l) => l.destination === "dlq").length;
  const extraLedger = [...ledgerInvalid.keys()].filter((at) => !expectedInvalid.has(at)).length;
  return {
    records,
    distinctRecords: expectedRows.size + expectedInvalid.size,
    rows: {
      expected: expectedRows.size,
      stored: stored.size,
      missing: missingRows,
      unexpected: unexpectedRows,
    },
    invalid: {
      expected: expectedInvalid.size,
      ledger: ledgerInvalid.size,
      missing: missingInvalid,
      wrongReason,
      topicMessages: topicSources.length,
      topicRepeats: topicSources.length - topicDistinct.size,
    },
    dlq,
    anomalies: {
      expected: expectedAnomalies.size,
      stored: storedAnomalies.size,
      missing: missingAnomalies,
      extra: extraAnomalies,
    },
    // A dead-lettered record is accounted for (it is in the ledger), but none is expected here.
    lost: missingRows + missingInvalid + missingAnomalies + dlq,
    duplicated: unexpectedRows + extraAnomalies + extraLedger + wrongReason,
  };
}
