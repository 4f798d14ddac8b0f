import assert from "node:assert/strict";
import { ceilings, evaluateGoals, latencyGoalStep, memoryGoalRun } from "./goals.ts";
import { sampleMeasured } from "./_fixture.ts";

Deno.test("ceilings: the drain ceiling is the lower of Kafka's fetch rate and COPY", () => {
  assert.deepEqual(ceilings(sampleMeasured()), {
    kafkaProducer: 200_000,
    kafkaConsumer: 500_000,
    postgres: 220_000,
    drain: 220_000,
    endToEnd: 200_000,
  });
});

Deno.test("evaluateGoals: each goal is judged on its figure, reached or not", () => {
  const goals = evaluateGoals(sampleMeasured());
  const outcome = (prefix: string) => goals.find((g) => g.goal.startsWith(prefix))!;
  assert.equal(goals.length, 10);
  assert.equal(outcome("consumer drain ≥ 100,000").reached, true); // 120k steady
  const share = outcome("consumer drain ≥ 0.5×");
  assert.ok(Math.abs(share.value! - 120_000 / 220_000) < 1e-9);
  assert.equal(share.reached, true);
  assert.equal(outcome("detector drain").value, 118_800);
  assert.equal(outcome("rule engine").reached, true);
  assert.equal(outcome("event-to-stored").value, 0.12); // the 10k step
  assert.equal(outcome("event-to-anomaly").value, 0.144);
  assert.equal(outcome("detector state").reached, true); // 230 ≤ 256
  assert.equal(outcome("producer ≤ 200 MB").reached, true);
  assert.equal(outcome("detector ≤ 200 MB").reached, false); // 210 MB
  assert.match(outcome("detector ≤ 200 MB").figure, /100,000 customers/);
});

Deno.test("evaluateGoals: a latency goal is not reached at a step whose lag was not bounded", () => {
  const measured = sampleMeasured();
  const steps = measured.sustained.steps.map((s) =>
    s.offered === 10_000 ? { ...s, bounded: false } : s
  );
  const goals = evaluateGoals({ ...measured, sustained: { ...measured.sustained, steps } });
  const stored = goals.find((g) => g.goal.startsWith("event-to-stored"))!;
  assert.deepEqual([stored.value, stored.reached], [null, false]);
  assert.match(stored.figure, /not bounded/);
});

Deno.test("latencyGoalStep / memoryGoalRun: the 10k step and 100k run, else the nearest below / largest", () => {
  const { sustained, memory } = sampleMeasured();
  assert.equal(latencyGoalStep(sustained.steps)?.offered, 10_000);
  assert.equal(
    latencyGoalStep(sustained.steps.filter((s) => s.offered !== 10_000))?.offered,
    1_000,
  );
  assert.equal(latencyGoalStep([]), undefined);
  assert.equal(memoryGoalRun(memory.runs)?.customers, 100_000);
  assert.equal(memoryGoalRun(memory.runs.slice(0, 1))?.customers, 10_000);
});
