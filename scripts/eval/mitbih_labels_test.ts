import assert from "node:assert/strict";
import { LabelsSchema } from "./mitbih_files.ts";
import { labelEpisodes } from "./mitbih_labels.ts";

const S = 1000;
const EXTREMES = { extremeLowBpm: 40, extremeHighBpm: 160 };
const summary = (list: ReturnType<typeof labelEpisodes>) =>
  list.map((e) =>
    `${e.required ? "required" : "tolerated"} ${e.accepts.join("|")} ${e.startMs / S}-${
      e.endMs / S
    } ${e.label}`
  );

Deno.test("labelEpisodes: derived episodes are required LOW/HIGH; extremes detect them too", () => {
  const labels = LabelsSchema.parse({
    derived_episodes: {
      bradycardia: [{ start_s: 10, end_s: 40 }],
      tachycardia: [{ start_s: 100, end_s: 125 }],
    },
  });
  assert.deepEqual(summary(labelEpisodes("c", labels, [], 0, EXTREMES)), [
    "required LOW|EXTREME_LOW 10-40 bradycardia",
    "tolerated SPIKE|BASELINE_SHIFT 0-50 bradycardia",
    "required HIGH|EXTREME_HIGH 100-125 tachycardia",
    "tolerated SPIKE|BASELINE_SHIFT 90-135 tachycardia",
  ]);
});

Deno.test("labelEpisodes: adjacent AF/AFL intervals join; runs ≥ 60 s are required", () => {
  const labels = LabelsSchema.parse({
    rhythm_intervals: [
      { label: "(N", start_s: 0, end_s: 100 },
      { label: "(AFIB", start_s: 100, end_s: 130 },
      { label: "(AFL", start_s: 130, end_s: 170 },
      { label: "(N", start_s: 170, end_s: 300 },
      { label: "(AFIB", start_s: 300, end_s: 350 },
      { label: "(T", start_s: 350, end_s: 380 },
      { label: "(VT", start_s: 380, end_s: 385 },
      { label: "(SBR", start_s: 385, end_s: 900 },
    ],
    beat_annotation_gaps_ge_3s: [{ start_s: 500, end_s: 504 }],
  });
  assert.deepEqual(summary(labelEpisodes("c", labels, [], 0, EXTREMES)), [
    "required IRREGULAR_RHYTHM 100-170 (AFIB+(AFL",
    "tolerated IRREGULAR_RHYTHM 300-350 (AFIB",
    "tolerated IRREGULAR_RHYTHM|SPIKE 350-380 (T",
    "tolerated HIGH|EXTREME_HIGH|SPIKE|IRREGULAR_RHYTHM|BASELINE_SHIFT 380-385 (VT",
    "tolerated LOW|EXTREME_LOW|SPIKE 500-504 pause",
  ]);
});

Deno.test("labelEpisodes: without derived_episodes they are computed from the rates", () => {
  const rates = [...Array(20).fill(70), ...Array(12).fill(45), ...Array(20).fill(70)];
  const found = labelEpisodes("c", LabelsSchema.parse({}), rates, 5 * S, EXTREMES);
  assert.equal(found[0]!.rule, "LOW");
  assert.deepEqual([found[0]!.startMs, found[0]!.endMs], [25 * S, 37 * S]);
});

Deno.test("labelEpisodes: rates held ≥ 5 s at or beyond an extreme threshold tolerate EXTREME_*", () => {
  const rates = [
    ...Array(20).fill(70),
    40.4,
    38,
    null,
    35,
    39, // 5 s at or below 40 once rounded, one empty second bridged
    ...Array(20).fill(70),
    161,
    165,
    170,
    159,
    170, // broken by 159: too short
    ...Array(20).fill(70),
  ];
  const found = summary(labelEpisodes("c", LabelsSchema.parse({}), rates, 0, EXTREMES));
  assert.deepEqual(found, ["tolerated EXTREME_LOW|LOW|SPIKE 20-25 extreme low rate"]);
});
