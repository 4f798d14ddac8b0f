/**
 * A private pipeline for one end-to-end test: its own topics, consumer groups and metrics
 * ports on the test stack, so tests never see each other's data. Produces records with the
 * same publisher the services use and reads back what the services stored.
 */
import {
  connectAdmin,
  connectPublisher,
  createKafka,
  type Publisher,
} from "../../shared/kafka/mod.ts";
import { createIsolatedPipeline } from "../../scripts/chaos/isolated_pipeline.ts";
import { readAll } from "../../scripts/chaos/audit.ts";
import type { Admin, Kafka } from "../../shared/kafka/mod.ts";
import { createSql, type Sql } from "../../shared/db/mod.ts";
import { testConfig, uniqueName } from "./env.ts";
import {
  eventually,
  freeMetricsPort,
  type ServiceProcess,
  startService,
} from "../../scripts/chaos/processes.ts";

/** A record to produce: key and raw value bytes (or text). */
export interface TestRecord {
  readonly key: string | null;
  readonly value: string | Uint8Array;
}

/** One test's pipeline. */
export interface Pipeline {
  readonly id: string;
  readonly topics: { raw: string; invalid: string; anomaly: string; dlq: string };
  readonly groups: { writer: string; detector: string };
  readonly env: Record<string, string>;
  readonly sql: Sql;
  readonly kafka: Kafka;
  readonly admin: Admin;
  produce(records: readonly TestRecord[]): Promise<void>;
  start(service: "consumer" | "detector", extraEnv?: Record<string, string>): ServiceProcess;
  /** Waits until `group` has checkpointed `total` records of the raw topic. */
  waitForCheckpoint(group: string, total: number, timeoutMs?: number): Promise<void>;
  /** Every message on a topic, values parsed as JSON. */
  readTopic(topic: string): Promise<{ key: string | null; value: Record<string, unknown> }[]>;
  close(): Promise<void>;
}

/** Creates topics (raw with `partitions`), groups and env for a fresh pipeline. */
export async function createPipeline(partitions = 4): Promise<Pipeline> {
  const config = testConfig();
  const id = uniqueName("e2e").replace("_", "-");
  const kafka = createKafka(config.kafka);
  const admin = await connectAdmin(kafka, config.kafka);
  const { topics, groups, env: pipelineEnv } = await createIsolatedPipeline(admin, id, config, {
    raw: partitions,
    others: 2,
  });
  const publisher: Publisher = await connectPublisher(kafka);
  const sql = createSql(config.database, { max: 2 });
  const services: ServiceProcess[] = [];
  const env: Record<string, string> = { ...pipelineEnv, LOG_LEVEL: "info" };
  return {
    id,
    topics,
    groups,
    env,
    sql,
    kafka,
    admin,
    produce: (records) =>
      publisher.publish(topics.raw, records.map((r) => ({ key: r.key, value: r.value }))),
    start(service, extraEnv = {}) {
      const process = startService(service, { ...env, ...freeMetricsPort(service), ...extraEnv });
      services.push(process);
      return process;
    },
    async waitForCheckpoint(group, total, timeoutMs = 60_000) {
      const stored = async () => {
        const [row] = await sql<{ n: string }[]>`
          select coalesce(sum(next_offset), 0)::text as n from ingest_checkpoint
          where consumer_group = ${group} and topic = ${topics.raw}`;
        return Number(row!.n);
      };
      await eventually(async () => (await stored()) >= total, timeoutMs, async () => {
        const logs = services.flatMap((s) =>
          s.lines.slice(-5).map((l) => `${s.name}: ${l.slice(0, 300)}`)
        ).join("\n");
        return `${group} checkpointed ${await stored()} of ${total} records; last service lines:\n${logs}`;
      });
    },
    async readTopic(topic) {
      const byPartition = await readAll(kafka, admin, topic);
      const decoder = new TextDecoder();
      return [...byPartition.values()].flat().map((m) => ({
        key: m.key === null ? null : decoder.decode(m.key),
        value: JSON.parse(decoder.decode(m.value!)),
      }));
    },
    async close() {
      await Promise.all(services.map((s) => s.stop()));
      await publisher.disconnect();
      await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => {});
      await admin.disconnect();
      await sql.end({ timeout: 5 });
    },
  };
}

/** A valid reading's record. */
export function reading(
  customerId: string,
  heartRate: number,
  options: { eventId?: string; eventTime?: Date; key?: string | null } = {},
): TestRecord & { eventId: string } {
  const eventId = options.eventId ?? crypto.randomUUID();
  const value = JSON.stringify({
    event_id: eventId,
    customer_id: customerId,
    event_time: (options.eventTime ?? new Date()).toISOString(),
    heart_rate: heartRate,
    schema_version: 1,
  });
  return { key: options.key === undefined ? customerId : options.key, value, eventId };
}
