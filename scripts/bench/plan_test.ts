import assert from "node:assert/strict";
import { backlogEvents, benchPlan } from "./plan.ts";

Deno.test("benchPlan: the full run has the issue's sizes", () => {
  const plan = benchPlan("full", { cores: 2, seed: 7 });
  assert.ok(backlogEvents(plan) >= 1_000_000);
  assert.equal(plan.partitions, 24);
  assert.deepEqual(plan.load.rates, [1_000, 10_000, 25_000, 50_000]);
  assert.ok(plan.load.growth > 1, "steps go on up to saturation");
  assert.deepEqual(plan.memory.map((m) => m.customers), [10_000, 100_000]);
  assert.equal(plan.copyStreams, 2);
  assert.equal(plan.seed, 7);
});

Deno.test("benchPlan: smoke is tiny and stops after its listed steps", () => {
  const plan = benchPlan("smoke", { cores: 8 });
  assert.ok(backlogEvents(plan) <= 5_000);
  assert.equal(plan.load.growth, 0);
  assert.ok(plan.memory.every((m) => m.customers * m.durationS <= 5_000));
  assert.equal(plan.copyStreams, 4);
  assert.equal(plan.seed, 42);
});
