import assert from "node:assert/strict";
import { createSimulator } from "../../shared/simulator/mod.ts";
import { scenarioSpecs } from "./scenarios.ts";
import { SCENARIO_START_MS, scenarioGroup } from "./scenario_series.ts";

const T = { lowBpm: 50, highBpm: 140, extremeLowBpm: 40, extremeHighBpm: 160 };
const specs = scenarioSpecs(T);
const specOf = (name: string) => specs.find((s) => s.name === name)!;

Deno.test("scenarioSpecs: each band means one thing for the engine's thresholds", () => {
  assert.deepEqual(specs.map((s) => s.name), [
    "normal",
    "bradycardia",
    "tachycardia",
    "extreme",
    "level_shift",
    "dropout",
    "irregular",
    "reordering",
  ]);
  for (const spec of specs) {
    const o = createSimulator({ ...spec.options, startMs: 0, customers: 1 }).options;
    const on = (band: { rate: number }) => band.rate > 0;
    if (on(o.bradycardia)) {
      assert.ok(o.bradycardia.minBpm > T.extremeLowBpm && o.bradycardia.maxBpm < T.lowBpm);
    }
    if (on(o.tachycardia)) {
      assert.ok(o.tachycardia.minBpm > T.highBpm && o.tachycardia.maxBpm < T.extremeHighBpm);
    }
    if (on(o.extremeBradycardia)) assert.ok(o.extremeBradycardia.maxBpm < T.extremeLowBpm);
    if (on(o.extremeTachycardia)) assert.ok(o.extremeTachycardia.minBpm > T.extremeHighBpm);
    if (on(o.levelShift)) {
      assert.ok(o.levelShift.minBpm > T.lowBpm && o.levelShift.maxBpm < T.highBpm);
    }
    assert.ok(o.artifact.minBpm > T.extremeLowBpm && o.artifact.maxBpm < T.extremeHighBpm);
    assert.equal(o.spike.rate, 0);
    assert.equal(o.rrIntervals, true);
    assert.equal(o.invalidRate, 0);
    assert.equal(spec.reorderMs, spec.name === "reordering" ? 3_000 : 0);
  }
});

Deno.test("scenarioGroup: normal streams carry about 2 % artifact readings and expect nothing", () => {
  const group = scenarioGroup(specOf("normal"), {
    seed: 1,
    customers: 20,
    hours: 0.5,
    noDataAfterMs: 30_000,
  });
  assert.equal(group.series.length, 20);
  let readings = 0;
  for (const series of group.series) {
    assert.match(series.customerId, /^normal-\d{6}$/);
    assert.equal(series.startMs, SCENARIO_START_MS);
    assert.equal(series.endMs, SCENARIO_START_MS + 1_800_000);
    assert.equal(series.readings.length, 1800);
    assert.ok(series.readings.every((r) => Array.isArray(r.rrIntervalsMs)));
    assert.ok(series.episodes.every((e) => !e.required));
    readings += series.readings.length;
  }
  const sim = createSimulator({
    ...specOf("normal").options,
    startMs: SCENARIO_START_MS,
    customers: 20,
  });
  let artifact = 0;
  for (let t = 60_000; t <= 1_800_000; t += 60_000) {
    for (const r of sim.nextBatch(SCENARIO_START_MS + t)) {
      if (r.truth.kind === "valid" && r.truth.episode === "ARTIFACT") artifact++;
    }
  }
  const share = artifact / readings;
  assert.ok(share > 0.015 && share < 0.025, `artifact share ${share}`);
});

Deno.test("scenarioGroup: injected episodes become expected ones, dropouts expected from the gaps", () => {
  const group = scenarioGroup(specOf("dropout"), {
    seed: 3,
    customers: 10,
    hours: 1,
    noDataAfterMs: 30_000,
  });
  const required = group.series.flatMap((s) => s.episodes.filter((e) => e.required));
  assert.ok(required.length > 20, `${required.length} required`);
  assert.ok(required.every((e) => e.rule === "NO_DATA" && e.endMs - e.startMs >= 31_000));
});
