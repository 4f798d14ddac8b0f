/**
 * Fencing on the real database: once a rebalance gave a partition to another member, the
 * member that lost it cannot store its (stale) batch; the new owner can, and nothing is
 * stored twice.
 */
import assert from "node:assert/strict";
import { applyClaims, createSql, recordClaims } from "../../shared/db/mod.ts";
import type { BatchContext, PartitionBatch, RawRecord } from "../../shared/kafka/mod.ts";
import { createLogger, createMetrics } from "../../shared/observability/mod.ts";
import { createWriter } from "../../services/consumer/writer.ts";
import { testConfig, uniqueName } from "../_support/env.ts";

const config = testConfig();

function record(offset: number, customer: string): RawRecord {
  const value = JSON.stringify({
    event_id: crypto.randomUUID(),
    customer_id: customer,
    event_time: new Date().toISOString(),
    heart_rate: 70,
    schema_version: 1,
  });
  return {
    offset: BigInt(offset),
    key: new TextEncoder().encode(customer),
    value: new TextEncoder().encode(value),
    timestampMs: Date.now(),
  };
}

Deno.test("fencing: a member that lost its partition in a rebalance cannot store its batch; the new owner can", async () => {
  const sql = createSql(config.database, { max: 2 });
  const group = uniqueName("it-fence");
  const topic = uniqueName("it.fence");
  try {
    const writer = createWriter({
      sql,
      group,
      topics: { invalid: "unused", dlq: "unused" },
      validation: {
        heartRateMin: 20,
        heartRateMax: 250,
        maxAgeMs: 86_400_000,
        maxFutureMs: 300_000,
        maxMessageBytes: 65536,
      },
      dlqMaxAttempts: 3,
      publish: () => Promise.reject(new Error("nothing to publish in this test")),
      metrics: createMetrics("test"),
      log: createLogger("test", "error", () => {}),
    });
    const context = (memberId: string): BatchContext => ({
      memberId,
      logStartOffset: () => Promise.resolve(0n),
      heartbeat: () => Promise.resolve(),
      isRunning: () => true,
    });
    const batch: PartitionBatch = {
      topic,
      partition: 0,
      records: [0, 1, 2].map((o) => record(o, "c1")),
      highWatermark: 3n,
    };

    const firstEpoch = await recordClaims(sql, group, [{ topic, partition: 0, member: "m-old" }]);
    const secondEpoch = await recordClaims(sql, group, [{ topic, partition: 0, member: "m-new" }]);
    assert.ok(secondEpoch > firstEpoch);

    assert.deepEqual(await writer(batch, context("m-old")), { kind: "fenced" });
    const [afterStale] =
      await sql`select count(*)::int as n from heartbeat_events where source_topic = ${topic}`;
    assert.equal(afterStale!.n, 0, "the stale member stored nothing");

    assert.deepEqual(await writer(batch, context("m-new")), { kind: "done", nextOffset: 3n });
    assert.deepEqual(
      await writer(batch, context("m-new")),
      { kind: "done", nextOffset: 3n },
      "a re-delivery is a no-op",
    );
    const [afterOwner] =
      await sql`select count(*)::int as n from heartbeat_events where source_topic = ${topic}`;
    assert.equal(afterOwner!.n, 3);
    const [checkpoint] =
      await sql`select next_offset::int as next, owner_member from ingest_checkpoint where consumer_group = ${group}`;
    assert.deepEqual({ ...checkpoint }, { next: 3, owner_member: "m-new" });
  } finally {
    await sql.end({ timeout: 5 });
  }
});

Deno.test("fencing: a claim from an older epoch (a stale leader) does not replace a newer one", async () => {
  const sql = createSql(config.database, { max: 1 });
  const group = uniqueName("it-fence");
  try {
    const staleEpoch = await recordClaims(sql, group, [{
      topic: "t",
      partition: 0,
      member: "first",
    }]);
    await recordClaims(sql, group, [{ topic: "t", partition: 0, member: "new" }]);
    // A stale leader took its epoch before the newer rebalance and writes only now.
    await applyClaims(sql, group, [{ topic: "t", partition: 0, member: "stale" }], staleEpoch);
    const [row] =
      await sql`select owner_member from ingest_checkpoint where consumer_group = ${group}`;
    assert.equal(row!.owner_member, "new");
  } finally {
    await sql.end({ timeout: 5 });
  }
});
