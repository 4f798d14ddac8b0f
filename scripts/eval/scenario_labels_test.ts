import assert from "node:assert/strict";
import type { Episode, EpisodeKind } from "../../shared/simulator/mod.ts";
import { scenarioEpisodes } from "./scenario_labels.ts";

const S = 1000;

function injected(kind: EpisodeKind, startS: number, endS: number): Episode {
  return {
    customerId: "c",
    kind,
    startMs: startS * S,
    endMs: endS * S,
    startTime: "",
    endTime: "",
  };
}

Deno.test("scenarioEpisodes: each kind maps to its rule, onsets tolerate SPIKE, artifacts nothing", () => {
  const found = scenarioEpisodes([
    injected("BRADYCARDIA", 100, 200),
    injected("EXTREME_TACHYCARDIA", 300, 330),
    injected("LEVEL_SHIFT", 400, 500),
    injected("DROPOUT", 600, 700),
    injected("ARTIFACT", 800, 802),
    injected("SPIKE", 900, 900),
  ]).map((e) =>
    `${e.required ? "required" : "tolerated"} ${e.accepts.join("|")} ${e.startMs / S}-${
      e.endMs / S
    } ${e.label}`
  );
  assert.deepEqual(found, [
    "required LOW 100-200 BRADYCARDIA",
    "tolerated SPIKE|BASELINE_SHIFT 90-110 BRADYCARDIA edge",
    "tolerated SPIKE|BASELINE_SHIFT 190-210 BRADYCARDIA edge",
    "required EXTREME_HIGH 300-330 EXTREME_TACHYCARDIA",
    "tolerated HIGH 300-330 EXTREME_TACHYCARDIA",
    "tolerated SPIKE|BASELINE_SHIFT 290-310 EXTREME_TACHYCARDIA edge",
    "tolerated SPIKE|BASELINE_SHIFT 320-340 EXTREME_TACHYCARDIA edge",
    "required SPIKE 400-500 LEVEL_SHIFT",
    "tolerated BASELINE_SHIFT 400-500 LEVEL_SHIFT",
    "tolerated SPIKE|BASELINE_SHIFT 390-410 LEVEL_SHIFT edge",
    "tolerated SPIKE|BASELINE_SHIFT 490-510 LEVEL_SHIFT edge",
    "tolerated SPIKE|BASELINE_SHIFT 690-710 DROPOUT edge",
  ]);
});

Deno.test("scenarioEpisodes: episodes in the first minute or past the end are only tolerated", () => {
  const found = scenarioEpisodes(
    [
      injected("IRREGULAR_RHYTHM", 30, 200),
      injected("IRREGULAR_RHYTHM", 60, 200),
      injected("IRREGULAR_RHYTHM", 3590, 3700),
    ],
    0,
    3600 * S,
  ).filter((e) => e.rule === "IRREGULAR_RHYTHM");
  assert.deepEqual(found.map((e) => e.required), [false, true, false]);
});
