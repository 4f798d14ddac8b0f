import assert from "node:assert/strict";
import { renderPartialReport, renderReport, table } from "./report_table.ts";
import { sampleResults } from "./_fixture.ts";

Deno.test("renderReport: machine, goals, ratios next to absolute figures, steps, memory, micro", () => {
  const md = renderReport(sampleResults());
  assert.match(md, /^# Heartbeat benchmark: full run of 2026-05-01T10:00:00.000Z/);
  assert.match(md, /AMD EPYC, 2 cores \(KVM guest\), 24\.0 GiB RAM, Debian GNU\/Linux 12/);
  assert.match(md, /PostgreSQL 15\.18/);
  assert.match(md, /\| consumer drain ≥ 100,000 events\/s \| .* \| 120,000 events\/s \| yes \|/);
  assert.match(
    md,
    /\| detector ≤ 200 MB RSS at 100k customers \| .* \| 210\.0 MB \| \*\*no\*\* \|/,
  );
  // Consumer drain: 120k steady against the lower ceiling (COPY, 220k).
  assert.match(
    md,
    /Consumer drain .* \| 120,000\/s steady .* \| 0\.55× the lower ceiling \(220,000\/s\)/,
  );
  assert.match(
    md,
    /\| 10,000\/s \| 9,900\/s \| 0 \/ 0 \| .* \| 40 ms \/ 80 ms \/ 120 ms \(600,000\) \|/,
  );
  assert.match(md, /\*\*no\*\*: detector lag 150000 after the settle/);
  assert.match(md, /\*\*230 bytes in memory\*\*/);
  assert.match(md, /rules: evaluateReading × 100000 .* \| 28\.00 ms \| 3,571,428\/s \|/);
  assert.doesNotMatch(md, /NaN|undefined/);
});

Deno.test("renderReport: a smoke run says its figures mean nothing", () => {
  assert.match(renderReport(sampleResults({ mode: "smoke" })), /Smoke run: tiny sizes/);
});

Deno.test("table: header, separator, rows; pipes in cells escaped", () => {
  assert.equal(table(["a", "b"], [["1", "x|y"]]), "| a | b |\n| --- | --- |\n| 1 | x\\|y |");
});

Deno.test("renderReport: the client comparison gives each client's median, range, RSS and failures", () => {
  const md = renderReport(sampleResults());
  assert.match(md, /## Kafka client comparison \(consume-only drain\)/);
  // kafkajs: two runs, 400k and 420k; platformatic: one ok run of two (the other failed).
  assert.match(
    md,
    /\| kafkajs \(`npm:kafkajs@2\.2\.4`\) \| 2 of 2 \| 410,000\/s \(400,000\/s – 420,000\/s\) \| .* \| 305\.0 MB \(300\.0 MB – 310\.0 MB\) \| 990,000 \| 4\.10× \| 0\.82× \|/,
  );
  assert.match(
    md,
    /\| platformatic \(`npm:@platformatic\/kafka@2\.12\.1`\) \| 1 of 2 \| 380,000\/s \|/,
  );
  assert.match(md, /- platformatic, round 2: exit 1: broker said no/);
});

Deno.test("renderPartialReport: only the sections of the steps that ran, no goals", () => {
  const full = sampleResults();
  const md = renderPartialReport({
    version: 1,
    mode: "full",
    startedAt: full.startedAt,
    finishedAt: full.finishedAt,
    machine: full.machine,
    plan: full.plan,
    producer: full.producer,
    clientDrain: full.clientDrain,
    memory: full.memory,
    only: ["producer", "clientDrain", "memory"],
  });
  assert.match(md, /only producer, clientDrain, memory/);
  assert.match(md, /Backlog: 1,000,000 events/);
  assert.match(md, /Our producer filling the backlog .*: 50,000\/s/);
  assert.match(md, /## Kafka client comparison[\s\S]*\| kafkajs .* \| — \|\n/);
  assert.match(md, /## Memory/);
  assert.doesNotMatch(md, /## Goals|## Sustained|## Micro|NaN|undefined/);
});

Deno.test("renderReport: the client comparison's full writer drains, one row per client", () => {
  const md = renderReport(sampleResults());
  assert.match(md, /Full drain: the writer's exactly-once path/);
  assert.match(
    md,
    /\| kafkajs \(`npm:kafkajs@2\.2\.4`\) \| 1 \| 120,000\/s \| 118,800\/s \| 150\.0 MB \| 1\.20× \|/,
  );
  assert.match(md, /\| platformatic \(.*\) \| 1 \| 110,000\/s \| .* \| 170\.0 MB \| 1\.10× \|/);
});
