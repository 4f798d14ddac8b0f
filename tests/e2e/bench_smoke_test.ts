/**
 * The benchmark harness's smoke run inside `deno task test`: `deno task bench --smoke
 * --use-running-stack` against the test stack runs every step and writes a well-formed
 * result (every step present, positive figures), its report and its chart. Nothing here
 * judges a figure: a smoke run's sizes are tiny and the test machine is shared, so its
 * timings mean nothing (`deno task bench` measures).
 */
import assert from "node:assert/strict";
import { type BenchResults, STEP_NAMES } from "../../scripts/bench/results.ts";
import { runTask, stackEnv, uniqueName } from "../_support/env.ts";

Deno.test("bench smoke: every step runs on the test stack and reports positive figures", async () => {
  const out = `.cache/bench/${uniqueName("test")}`;
  try {
    const run = await runTask(
      "bench",
      ["--smoke", "--use-running-stack", "--out", out],
      stackEnv(),
    );
    assert.equal(run.code, 0, `bench failed:\n${run.stdout.slice(-3000)}\n${run.stderr}`);
    const files = [...Deno.readDirSync(out)].map((entry) => entry.name);
    const stem = files.find((name) => name.endsWith(".json"))?.replace(/\.json$/, "");
    assert.ok(stem, `no JSON in ${out}: ${files.join(", ")}`);
    assert.deepEqual(files.sort(), [`${stem}.json`, `${stem}.md`, `${stem}.svg`].sort());
    const results: BenchResults = JSON.parse(await Deno.readTextFile(`${out}/${stem}.json`));
    assert.match(await Deno.readTextFile(`${out}/${stem}.md`), /## Goals[\s\S]*## Throughput/);
    assert.match(await Deno.readTextFile(`${out}/${stem}.svg`), /^<svg [\s\S]*<\/svg>\n$/);

    assert.equal(results.mode, "smoke");
    for (const step of STEP_NAMES) assert.ok(results[step], `step ${step} is missing`);
    const positive = (label: string, value: unknown) =>
      assert.ok(typeof value === "number" && value > 0, `${label} is ${value}, expected > 0`);
    positive("machine cores", results.machine.cores);
    assert.ok(results.micro.benches.length >= 2, "micro benches");
    for (const bench of results.micro.benches) positive(bench.name, bench.readingsPerSecond);
    positive("producer events/s", results.producer.eventsPerSecond);
    positive("producer peak RSS", results.producer.peakRssBytes.producer);
    positive("Kafka produce ceiling", results.kafka.producer.recordsPerSecond);
    positive("Kafka consume ceiling", results.kafka.consumer.fetchRecordsPerSecond);
    positive("PostgreSQL ceiling", results.postgres.rowsPerSecond);
    positive("storage insert rate at the first size", results.storage.first.insertRowsPerS);
    positive("storage insert rate at the second size", results.storage.second.insertRowsPerS);
    assert.equal(results.storage.second.rows, results.plan.storage.totalRows);
    for (const latency of Object.values(results.storage.second.queries)) {
      positive("storage query p50", latency.p50Ms);
    }
    for (const drain of [results.consumerDrain, results.detectorDrain]) {
      positive(`${drain.service} drain events`, drain.events);
      positive(`${drain.service} drain readings`, drain.readings);
      positive(`${drain.service} drain events/s`, drain.eventsPerSecond);
      positive(`${drain.service} steady events/s`, drain.steadyEventsPerSecond);
      positive(`${drain.service} steady readings/s`, drain.steadyReadingsPerSecond);
      positive(`${drain.service} peak RSS`, drain.peakRssBytes[drain.service]);
    }
    for (const client of ["kafkajs", "platformatic"]) {
      const runs = results.clientDrain.runs.filter((run) => run.client === client);
      assert.equal(runs.length, results.plan.clientDrainRounds, `${client} client drain runs`);
      for (const run of runs) {
        assert.equal(run.error, null, `${client} client drain failed`);
        assert.equal(run.records, results.clientDrain.events, `${client} read the backlog`);
        positive(`${client} client drain records/s`, run.steadyRecordsPerSecond);
        positive(`${client} client drain peak RSS`, run.peakRssBytes);
      }
    }
    // How many steps ran depends on timing (stepping stops at the first unbounded one).
    assert.ok(results.sustained.steps.length >= 1, "no sustained step");
    for (const step of results.sustained.steps) {
      positive(`step ${step.offered}: achieved`, step.achieved);
      positive(`step ${step.offered}: stored samples`, step.stored.count);
      positive(`step ${step.offered}: stored p99`, step.stored.p99);
      for (const service of ["producer", "consumer", "detector"]) {
        positive(`step ${step.offered}: ${service} peak RSS`, step.peakRssBytes[service]);
      }
    }
    const anomalies = results.sustained.steps.filter((s) => s.anomaly.count > 0);
    assert.ok(anomalies.length > 0, "no step saw an anomaly");
    for (const step of anomalies) positive(`step ${step.offered}: anomaly p99`, step.anomaly.p99);
    assert.equal(results.memory.runs.length, results.plan.memory.length);
    for (const run of results.memory.runs) {
      for (const service of ["producer", "consumer", "detector"]) {
        positive(`memory ${run.customers}: ${service} peak RSS`, run.peakRssBytes[service]);
      }
    }
    positive("state bytes in memory", results.memory.detectorState.inMemoryBytesPerCustomer);
    positive("state bytes stored", results.memory.detectorState.storedBytesPerCustomer);
    assert.equal(results.goals.length, 10);
    for (const goal of results.goals) assert.equal(typeof goal.reached, "boolean", goal.goal);
  } finally {
    await Deno.remove(out, { recursive: true }).catch(() => {});
  }
});
