import assert from "node:assert/strict";
import { coveredMs, quantile, ratio } from "./_stats.ts";

Deno.test("quantile: interpolates between closest ranks; null for no values", () => {
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantile([5], 0.95), 5);
  assert.equal(quantile([0, 10], 0.95), 9.5);
  assert.equal(quantile([], 0.5), null);
});

Deno.test("ratio: null when the whole is 0", () => {
  assert.equal(ratio(1, 4), 0.25);
  assert.equal(ratio(0, 0), null);
});

Deno.test("coveredMs: counts overlapping intervals once and clips to the span", () => {
  const spans = [
    { startMs: 0, endMs: 10 },
    { startMs: 5, endMs: 20 },
    { startMs: 30, endMs: 40 },
    { startMs: 95, endMs: 200 },
  ];
  assert.equal(coveredMs(spans, 0, 100), 20 + 10 + 5);
  assert.equal(coveredMs([], 0, 100), 0);
});
