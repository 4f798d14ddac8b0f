import assert from "node:assert/strict";
import { recordGoals, reduction, scenarioGoals } from "./goals.ts";
import { scoreAlerts } from "./score.ts";
import { episode } from "./series.ts";
import { outcomeFixture } from "./_outcome_fixture.ts";

const SUMMARY = {
  name: "g",
  description: "",
  customers: 1,
  hours: 1,
  readings: 3600,
  episodes: 1,
  alerts: 1,
  falseAlerts: 0,
  notifications: 2,
  rawFindings: 0,
  artifacts: 0,
  late: 0,
};

Deno.test("scenarioGoals: judges each goal on its figure; rules without episodes are not judged", () => {
  const goals = new Map(scenarioGoals(outcomeFixture()).map((g) => [g.goal, g]));
  assert.deepEqual(goals.get("LOW episode recall ≥ 0.99"), {
    goal: "LOW episode recall ≥ 0.99",
    value: 0.5,
    reached: false,
  });
  assert.equal(goals.get("IRREGULAR_RHYTHM episode recall ≥ 0.99")!.reached, true);
  assert.equal(goals.get("EXTREME_LOW episode recall ≥ 1.00")!.reached, null);
  assert.equal(goals.get("HIGH precision ≥ 0.95")!.reached, false);
  assert.equal(goals.get("LOW delay median ≤ 10 s")!.reached, true);
  assert.equal(goals.get("NO_DATA delay ≤ 31 s (the longest, readings in order)")!.value, null);
  const fa = [...goals.values()].find((g) => g.goal.startsWith("false alerts"))!;
  assert.ok(Math.abs(fa.value! - 3600 / 3280) < 1e-9);
  assert.equal(fa.reached, false);
  assert.equal(goals.get("≥ 90 % fewer notifications than the raw rules")!.reached, true);
});

Deno.test("recordGoals: brady/tachy recall pooled; AF recall and precision", () => {
  const [rate, afRecall, afPrecision] = recordGoals(outcomeFixture());
  assert.equal(rate!.value, 0.5);
  assert.equal(afRecall!.value, 1);
  assert.equal(afPrecision!.value, 1);
  assert.equal(reduction(outcomeFixture()), 1 - 6 / 200);
});

Deno.test("scenarioGoals: the NO_DATA delay is judged where readings arrived in order", () => {
  const base = outcomeFixture();
  const group = (reordered: boolean, delayS: number) => {
    const start = 100_000;
    const scores = scoreAlerts(
      [{ customerId: "c", startMs: 0, endMs: 3_600_000 }],
      [episode("c", "NO_DATA", start, start + 60_000, { required: true, label: "gap" })],
      [{
        alertId: "n",
        customerId: "c",
        rule: "NO_DATA",
        firedAtMs: start + delayS * 1000,
        notifiedAtMs: start + delayS * 1000,
        resolvedAtMs: start + 60_000,
      }],
    );
    return { ...SUMMARY, reordered, scores };
  };
  const outcome = { ...base, groups: [group(false, 29.2), group(true, 32.2)] };
  const goal = scenarioGoals(outcome).find((g) => g.goal.startsWith("NO_DATA delay"))!;
  assert.equal(goal.value, 29.2);
  assert.equal(goal.reached, true);
});
