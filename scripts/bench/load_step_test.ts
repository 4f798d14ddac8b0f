import assert from "node:assert/strict";
import { judgeStep, nextRate } from "./load_step.ts";

Deno.test("judgeStep: bounded when the load was offered and the lag settled under a second's worth", () => {
  assert.deepEqual(
    judgeStep({
      offered: 10_000,
      achieved: 9_600,
      lagAfterSettle: { writer: 0, detector: 10_000 },
    }),
    { bounded: true, reasons: [] },
  );
});

Deno.test("judgeStep: each failed condition is a reason", () => {
  const verdict = judgeStep({
    offered: 10_000,
    achieved: 9_000,
    lagAfterSettle: { writer: 10_001, detector: 50_000 },
  });
  assert.equal(verdict.bounded, false);
  assert.equal(verdict.reasons.length, 3);
  assert.match(verdict.reasons[0]!, /achieved 9000\/s, below 95 % of 10000\/s/);
  assert.match(verdict.reasons[1]!, /^writer lag 10001/);
  assert.match(verdict.reasons[2]!, /^detector lag 50000/);
});

Deno.test("nextRate: the listed rates, then growth up to saturation or maxSteps", () => {
  const plan = { rates: [1_000, 10_000], growth: 1.5, maxSteps: 4 };
  const ok = (offered: number) => ({ offered, bounded: true });
  assert.equal(nextRate(plan, []), 1_000);
  assert.equal(nextRate(plan, [ok(1_000)]), 10_000);
  assert.equal(nextRate(plan, [ok(1_000), ok(10_000)]), 15_000);
  assert.equal(nextRate(plan, [ok(1_000), ok(10_000), ok(15_000)]), 25_000); // 22.5k, rounded
  assert.equal(nextRate(plan, [ok(1_000), ok(10_000), ok(15_000), ok(25_000)]), undefined);
  assert.equal(nextRate(plan, [ok(1_000), { offered: 10_000, bounded: false }]), undefined);
  assert.equal(nextRate({ ...plan, growth: 0 }, [ok(1_000), ok(10_000)]), undefined);
});
