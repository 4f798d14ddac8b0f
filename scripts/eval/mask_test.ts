import assert from "node:assert/strict";
import { EvalError } from "./errors.ts";
import { maskSpans } from "./mask.ts";

Deno.test("maskSpans: one span per length, apart, away from the ends, seeded", () => {
  const spans = maskSpans("201", 1806, [10, 45, 90, 120], 1);
  assert.deepEqual(spans.map((s) => s.endS - s.startS).sort((a, b) => a - b), [10, 45, 90, 120]);
  for (const [k, s] of spans.entries()) {
    assert.ok(s.startS >= 60 && s.endS <= 1806 - 60);
    if (k > 0) assert.ok(s.startS >= spans[k - 1]!.endS + 30);
  }
  assert.deepEqual(maskSpans("201", 1806, [10, 45, 90, 120], 1), spans);
  assert.notDeepEqual(maskSpans("203", 1806, [10, 45, 90, 120], 1), spans);
  assert.notDeepEqual(maskSpans("201", 1806, [10, 45, 90, 120], 2), spans);
});

Deno.test("maskSpans: a record too short for the spans is refused, naming it", () => {
  assert.throws(
    () => maskSpans("901", 300, [120, 120], 1),
    (e) => e instanceof EvalError && /Cannot mask record 901: its 300 s/.test(e.message),
  );
});
