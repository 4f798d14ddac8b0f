import assert from "node:assert/strict";
import { createMetrics } from "../../shared/observability/mod.ts";
import { bucketDelta, histogramQuantile, observations, parseBuckets } from "./histogram.ts";

const buckets = (pairs: [number, number][]) => pairs.map(([le, count]) => ({ le, count }));

Deno.test("histogramQuantile: interpolates inside the bucket holding the rank, like PromQL", () => {
  const h = buckets([[0.1, 50], [0.25, 90], [0.5, 100], [Infinity, 100]]);
  assert.equal(histogramQuantile(0.5, h), 0.1);
  assert.ok(Math.abs(histogramQuantile(0.9, h) - 0.25) < 1e-12);
  assert.ok(Math.abs(histogramQuantile(0.95, h) - 0.375) < 1e-12);
  assert.ok(Math.abs(histogramQuantile(0.25, h) - 0.05) < 1e-12); // first bucket starts at 0
});

Deno.test("histogramQuantile: a rank in +Inf gives the highest finite bound", () => {
  const h = buckets([[0.1, 50], [0.5, 100], [Infinity, 110]]);
  assert.equal(histogramQuantile(0.99, h), 0.5);
});

Deno.test("histogramQuantile: NaN without observations or +Inf; ±Inf outside 0..1", () => {
  assert.ok(Number.isNaN(histogramQuantile(0.5, buckets([[0.1, 0], [Infinity, 0]]))));
  assert.ok(Number.isNaN(histogramQuantile(0.5, buckets([[0.1, 3], [0.2, 4]]))));
  assert.ok(Number.isNaN(histogramQuantile(0.5, [])));
  assert.equal(histogramQuantile(-0.1, buckets([[0.1, 1], [Infinity, 1]])), -Infinity);
  assert.equal(histogramQuantile(1.1, buckets([[0.1, 1], [Infinity, 1]])), Infinity);
});

Deno.test("bucketDelta: the observations between two scrapes", () => {
  const before = buckets([[0.1, 5], [Infinity, 7]]);
  const after = buckets([[0.1, 9], [Infinity, 20]]);
  assert.deepEqual(bucketDelta(before, after), buckets([[0.1, 4], [Infinity, 13]]));
  assert.deepEqual(bucketDelta([], after), after);
  assert.equal(observations(bucketDelta(before, after)), 13);
});

Deno.test("parseBuckets: reads prom-client's exposition, summing label sets", async () => {
  const metrics = createMetrics("consumer");
  for (const seconds of [0.004, 0.02, 0.02, 0.3, 70]) metrics.eventToStored.observe(seconds);
  const text = await metrics.registry.metrics();
  const parsed = parseBuckets(text, "heartbeat_event_to_stored_seconds");
  assert.equal(observations(parsed), 5);
  assert.equal(parsed.find((b) => b.le === 0.005)?.count, 1);
  assert.equal(parsed.find((b) => b.le === 0.025)?.count, 3);
  assert.equal(parsed.find((b) => b.le === 60)?.count, 4);
  assert.deepEqual(parseBuckets(text, "heartbeat_no_such_metric"), []);

  const twoSeries = [
    'x_bucket{le="0.1",service="a"} 2',
    'x_bucket{service="b",le="0.1"} 3',
    'x_bucket{le="+Inf",service="a"} 4',
    'x_bucket{service="b",le="+Inf"} 5',
    'xy_bucket{le="0.1"} 100',
  ].join("\n");
  assert.deepEqual(parseBuckets(twoSeries, "x"), buckets([[0.1, 5], [Infinity, 9]]));
});
