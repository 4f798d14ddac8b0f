import assert from "node:assert/strict";
import { type HealthProbeDeps, probeHealth, totalLag } from "./health_probe.ts";

const offsets = [
  { partition: 0, low: 0n, high: 100n },
  { partition: 1, low: 40n, high: 50n },
  { partition: 2, low: 0n, high: 0n },
];

Deno.test("totalLag: end minus committed progress, from the first offset where there is none", () => {
  assert.equal(totalLag(offsets, new Map()), 100 + 10);
  assert.equal(totalLag(offsets, new Map([[0, 90n], [1, 50n]])), 10);
  assert.equal(
    totalLag(offsets, new Map([[1, 10n]])),
    100 + 10,
    "progress below a partition's first offset (deleted by retention) counts from the first",
  );
  assert.equal(totalLag(offsets, new Map([[0, 100n], [1, 60n]])), 0, "never negative");
});

const healthy = (over: Partial<HealthProbeDeps> = {}): HealthProbeDeps => ({
  pingDatabase: () => Promise.resolve(),
  topicOffsets: () => Promise.resolve(offsets),
  progress: () => Promise.resolve(new Map([[0, 95n], [1, 50n]])),
  maxLag: 10,
  timeoutMs: 200,
  ...over,
});

Deno.test("probeHealth: all reachable and lag within the limit is ready", async () => {
  const report = await probeHealth(healthy());
  assert.equal(report.lag, 5);
  assert.deepEqual(report.checks, {
    database: { ok: true, detail: "" },
    kafka: { ok: true, detail: "" },
    lag: { ok: true, detail: "5 records not stored yet (HEALTH_MAX_LAG=10)" },
  });
});

Deno.test("probeHealth: lag above HEALTH_MAX_LAG is not ready, and says by how much", async () => {
  const report = await probeHealth(healthy({ progress: () => Promise.resolve(new Map()) }));
  assert.deepEqual(report.checks.lag, {
    ok: false,
    detail: "110 records not stored yet (HEALTH_MAX_LAG=10)",
  });
});

Deno.test("probeHealth: an unreachable database fails its check and leaves the lag unknown", async () => {
  const report = await probeHealth(healthy({
    pingDatabase: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432")),
  }));
  assert.deepEqual(report.checks.database, {
    ok: false,
    detail: "connect ECONNREFUSED 127.0.0.1:5432",
  });
  assert.equal(report.checks.kafka.ok, true);
  assert.equal(report.checks.lag.ok, false);
  assert.equal(report.lag, undefined);
});

Deno.test("probeHealth: a broker that does not answer in time fails its check", async () => {
  const report = await probeHealth(healthy({ topicOffsets: () => new Promise(() => {}) }));
  assert.deepEqual(report.checks.kafka, {
    ok: false,
    detail: "broker did not answer within 200 ms",
  });
  assert.equal(report.checks.database.ok, true);
  assert.equal(report.checks.lag.ok, false);
});

Deno.test("probeHealth: a probe that throws instead of rejecting is a failed check", async () => {
  const report = await probeHealth(healthy({
    pingDatabase: () => {
      throw new Error("pool ended");
    },
  }));
  assert.deepEqual(report.checks.database, { ok: false, detail: "pool ended" });
  assert.equal(report.checks.lag.ok, false);
});
