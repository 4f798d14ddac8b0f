import assert from "node:assert/strict";
import { escapeXml, renderChart } from "./report_chart.ts";
import { sampleResults } from "./_fixture.ts";

Deno.test("renderChart: an SVG with the throughput bars and the latency lines, no NaN", () => {
  const svg = renderChart(sampleResults());
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, /<\/svg>\n$/);
  for (
    const label of [
      "Kafka ceiling: produce",
      "PostgreSQL ceiling: COPY",
      "consumer drain (steady)",
      "consume-only: kafkajs (median)",
    ]
  ) {
    assert.ok(svg.includes(label), label);
  }
  assert.equal((svg.match(/<polyline /g) ?? []).length, 3);
  assert.match(svg, />50k\/s ✗</); // the unbounded step is marked
  assert.match(svg, />p99 12\.0 s</); // its off-scale p99 is written next to the point
  assert.doesNotMatch(svg, /NaN|undefined|Infinity/);
});

Deno.test("renderChart: one step and missing figures still draw", () => {
  const base = sampleResults();
  const svg = renderChart(sampleResults({
    sustained: {
      ...base.sustained,
      steps: base.sustained.steps.slice(0, 1),
      highestBoundedRate: null,
    },
  }));
  assert.doesNotMatch(svg, /NaN|undefined|Infinity/);
});

Deno.test("escapeXml: &, < and > are escaped", () => {
  assert.equal(escapeXml("a<b>&c"), "a&lt;b&gt;&amp;c");
});
