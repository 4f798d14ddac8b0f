/**
 * How a record's expert labels map to expected alerts (docs/detection.md lists the same
 * table). Pure. NO_DATA episodes come from the readings (`signal_loss.ts`), not from here.
 *
 * Required (counted in recall):
 * - each derived bradycardia episode (< 50 bpm for ≥ 10 s) → LOW (EXTREME_LOW detects it too);
 * - each derived tachycardia episode (≥ 140 bpm for ≥ 10 s) → HIGH (EXTREME_HIGH too);
 * - each run of `(AFIB`/`(AFL` rhythm ≥ 60 s (adjacent intervals joined) → IRREGULAR_RHYTHM.
 *
 * Tolerated (an alert of these rules inside is right; none is no fault):
 * - shorter AF/AFL runs → IRREGULAR_RHYTHM;
 * - the other arrhythmias experts labelled: fast ones (VT, VFL, VF, SVTA) → HIGH,
 *   EXTREME_HIGH, SPIKE, IRREGULAR_RHYTHM, BASELINE_SHIFT; ectopic patterns (bigeminy,
 *   trigeminy, 2nd-degree block) → IRREGULAR_RHYTHM, SPIKE; idioventricular rhythm → LOW,
 *   EXTREME_LOW, SPIKE;
 * - runs of ≥ 3 PVCs and ventricular flutter waves → HIGH, EXTREME_HIGH, SPIKE,
 *   IRREGULAR_RHYTHM; pauses ≥ 3 s → LOW, EXTREME_LOW, SPIKE;
 * - 10 s around each derived episode → SPIKE, BASELINE_SHIFT (the onset is a real jump);
 * - the labels know no "extreme" rate, so, like `derived_episodes`, it is read off the
 *   rates: ≥ 5 s (bridging 1 empty second) at or beyond an extreme threshold →
 *   EXTREME_LOW/LOW/SPIKE or EXTREME_HIGH/HIGH/SPIKE. Never required: no goal asks for it.
 */
import type { AlertRule } from "../../shared/alerts/types.ts";
import type { MitbihLabels } from "./mitbih_files.ts";
import { deriveRateEpisodes, sustainedSpans } from "./rate_episodes.ts";
import { episode, type ExpectedEpisode } from "./series.ts";

/** AF runs at least this long are required IRREGULAR_RHYTHM episodes, s. */
export const AF_MIN_DURATION_S = 60;
const AF_LABELS = ["(AFIB", "(AFL"];
/** Rhythm intervals closer than this are one run, s. */
const JOIN_GAP_S = 1;
const AROUND_S = 10;
/** Extreme rates held this long are real extremes, s (and this many empty seconds bridged). */
const EXTREME_MIN_S = 5;
const EXTREME_BRIDGED_S = 1;

/** The engine's extreme thresholds, bpm (at or beyond them is extreme). */
export interface ExtremeThresholds {
  readonly extremeLowBpm: number;
  readonly extremeHighBpm: number;
}

const FAST: readonly AlertRule[] = [
  "HIGH",
  "EXTREME_HIGH",
  "SPIKE",
  "IRREGULAR_RHYTHM",
  "BASELINE_SHIFT",
];
/** Other expert rhythm labels and the alerts that are right during them. */
const OTHER_RHYTHMS: Readonly<Record<string, readonly AlertRule[]>> = {
  "(VT": FAST,
  "(VFL": FAST,
  "(VF": FAST,
  "(SVTA": FAST,
  "(B": ["IRREGULAR_RHYTHM", "SPIKE"],
  "(T": ["IRREGULAR_RHYTHM", "SPIKE"],
  "(BII": ["IRREGULAR_RHYTHM", "SPIKE"],
  "(IVR": ["LOW", "EXTREME_LOW", "SPIKE"],
};

/** The expected episodes of one record whose second 0 is at `baseMs`. */
export function labelEpisodes(
  customerId: string,
  labels: MitbihLabels,
  rates: readonly (number | null)[],
  baseMs: number,
  extremes: ExtremeThresholds,
): ExpectedEpisode[] {
  const at = (s: number) => baseMs + Math.round(s * 1000);
  const found: ExpectedEpisode[] = [];
  const tolerate = (startS: number, endS: number, rules: readonly AlertRule[], label: string) =>
    found.push(
      episode(customerId, rules[0]!, at(startS), at(endS), {
        required: false,
        label,
        also: rules.slice(1),
      }),
    );
  const derived = labels.derived_episodes ?? _fromRates(rates);
  for (
    const [list, rule, extreme, label] of [
      [derived.bradycardia, "LOW", "EXTREME_LOW", "bradycardia"],
      [derived.tachycardia, "HIGH", "EXTREME_HIGH", "tachycardia"],
    ] as const
  ) {
    for (const s of list) {
      found.push(
        episode(customerId, rule, at(s.start_s), at(s.end_s), {
          required: true,
          label,
          also: [extreme],
        }),
      );
      tolerate(s.start_s - AROUND_S, s.end_s + AROUND_S, ["SPIKE", "BASELINE_SHIFT"], label);
    }
  }
  for (const run of _afRuns(labels.rhythm_intervals)) {
    found.push(
      episode(customerId, "IRREGULAR_RHYTHM", at(run.start_s), at(run.end_s), {
        required: run.end_s - run.start_s >= AF_MIN_DURATION_S,
        label: run.label,
      }),
    );
  }
  for (const r of labels.rhythm_intervals) {
    const rules = OTHER_RHYTHMS[r.label];
    if (rules) tolerate(r.start_s, r.end_s, rules, r.label);
  }
  const ventricular = ["HIGH", "EXTREME_HIGH", "SPIKE", "IRREGULAR_RHYTHM"] as const;
  for (const s of labels.pvc_runs_ge_3_beats) tolerate(s.start_s, s.end_s, ventricular, "PVC run");
  for (const s of [...labels.ventricular_flutter_wave_runs, ...labels.vf_vfl_marked_intervals]) {
    tolerate(s.start_s, s.end_s, ventricular, "ventricular flutter");
  }
  for (const s of labels.beat_annotation_gaps_ge_3s) {
    tolerate(s.start_s, s.end_s, ["LOW", "EXTREME_LOW", "SPIKE"], "pause");
  }
  const held = (holds: (bpm: number) => boolean) =>
    sustainedSpans(rates, (bpm) => holds(Math.round(bpm)), EXTREME_MIN_S, EXTREME_BRIDGED_S);
  for (const s of held((bpm) => bpm <= extremes.extremeLowBpm)) {
    tolerate(s.startS, s.endS, ["EXTREME_LOW", "LOW", "SPIKE"], "extreme low rate");
  }
  for (const s of held((bpm) => bpm >= extremes.extremeHighBpm)) {
    tolerate(s.startS, s.endS, ["EXTREME_HIGH", "HIGH", "SPIKE"], "extreme high rate");
  }
  return found;
}

/** Adjacent AF/AFL intervals joined into runs, labelled with the labels they hold. */
function _afRuns(intervals: MitbihLabels["rhythm_intervals"]) {
  const runs: { start_s: number; end_s: number; label: string }[] = [];
  const sorted = intervals.filter((r) => AF_LABELS.includes(r.label))
    .sort((a, b) => a.start_s - b.start_s);
  for (const r of sorted) {
    const last = runs.at(-1);
    if (last && r.start_s - last.end_s <= JOIN_GAP_S) {
      last.end_s = Math.max(last.end_s, r.end_s);
      if (!last.label.split("+").includes(r.label)) last.label += `+${r.label}`;
    } else {
      runs.push({ start_s: r.start_s, end_s: r.end_s, label: r.label });
    }
  }
  return runs;
}

function _fromRates(rates: readonly (number | null)[]) {
  const d = deriveRateEpisodes(rates);
  const seconds = (list: typeof d.bradycardia) =>
    list.map((s) => ({ start_s: s.startS, end_s: s.endS }));
  return { bradycardia: seconds(d.bradycardia), tachycardia: seconds(d.tachycardia) };
}
