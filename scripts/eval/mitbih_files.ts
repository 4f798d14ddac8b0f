/**
 * The three files of a record in the MIT-BIH heart-rate format (`../shared/data/mitbih-hr/`,
 * see its README), parsed from their text. Pure; every problem is an `EvalError` naming the
 * file, the line and what was expected.
 *
 * - `record_<id>_hr.csv`: `t_seconds,heart_rate_bpm`, one row per second, the rate empty
 *   where no reading exists (signal loss);
 * - `record_<id>_beats.csv`: `t_seconds,beat_symbol,rr_prev_s`, every beat, the interval
 *   before it empty for the first;
 * - `record_<id>_labels.json`: expert rhythm intervals and derived episodes (only the fields
 *   read below are checked; others are ignored).
 */
import { z } from "zod";
import { EvalError } from "./errors.ts";

/** One annotated beat. */
export interface Beat {
  readonly tS: number;
  readonly symbol: string;
  /** The interval before this beat, s, or null (the first beat, or after a gap). */
  readonly rrS: number | null;
}

const span = z.object({ start_s: z.number().min(0), end_s: z.number().min(0) }).refine(
  (s) => s.end_s >= s.start_s,
  "expected end_s >= start_s",
);
const spans = z.array(span).default([]);

/** The fields of `labels.json` the evaluation reads. */
export const LabelsSchema = z.object({
  rhythm_intervals: z.array(z.object({
    label: z.string().min(1),
    start_s: z.number().min(0),
    end_s: z.number().min(0),
  })).default([]),
  derived_episodes: z.object({ bradycardia: spans, tachycardia: spans }).optional(),
  beat_annotation_gaps_ge_3s: spans,
  pvc_runs_ge_3_beats: spans,
  ventricular_flutter_wave_runs: spans,
  vf_vfl_marked_intervals: spans,
});
/** The fields of `labels.json` the evaluation reads. */
export type MitbihLabels = z.infer<typeof LabelsSchema>;

/** Parses `hr.csv`: the rate per second (index = `t_seconds`), null where empty or absent. */
export function parseHrCsv(text: string, file: string): (number | null)[] {
  const rates: (number | null)[] = [];
  _rows(text, file, "t_seconds,heart_rate_bpm", (fields, line, raw) => {
    const [t, rate] = fields;
    const second = Number(t);
    const value = rate === "" ? null : Number(rate);
    if (
      fields.length !== 2 || !/^\d+$/.test(t!) || second < rates.length ||
      (value !== null && !(Number.isFinite(value) && value > 0 && value < 1000))
    ) {
      throw _malformed(
        file,
        line,
        raw,
        "expected a whole number of seconds (ascending) and an empty or positive rate",
      );
    }
    while (rates.length < second) rates.push(null);
    rates.push(value);
  });
  return rates;
}

/** Parses `beats.csv` into beats in time order. */
export function parseBeatsCsv(text: string, file: string): Beat[] {
  const beats: Beat[] = [];
  _rows(text, file, "t_seconds,beat_symbol,rr_prev_s", (fields, line, raw) => {
    const [t, symbol, rr] = fields;
    const tS = Number(t);
    const rrS = rr === "" ? null : Number(rr);
    if (
      fields.length !== 3 || t === "" || !Number.isFinite(tS) || tS < 0 ||
      tS < (beats.at(-1)?.tS ?? 0) || symbol === "" ||
      (rrS !== null && !(Number.isFinite(rrS) && rrS > 0))
    ) {
      throw _malformed(
        file,
        line,
        raw,
        "expected a time in seconds (ascending), a beat symbol and an empty or positive interval",
      );
    }
    beats.push({ tS, symbol: symbol!, rrS });
  });
  return beats;
}

/** Parses `labels.json`, keeping the fields the evaluation reads. */
export function parseLabelsJson(text: string, file: string): MitbihLabels {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new EvalError(
      "EVAL_INPUT_MALFORMED",
      `Cannot read ${file}: not JSON (${(error as Error).message}). Fix or remove the file.`,
    );
  }
  const parsed = LabelsSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) =>
      `${
        issue.path.map((p) => typeof p === "number" ? `[${p}]` : `.${String(p)}`).join("")
      }: ${issue.message}`
    );
    throw new EvalError(
      "EVAL_INPUT_MALFORMED",
      `Cannot read ${file}: ${problems.join("; ")} (the fields are described in ` +
        "../shared/data/mitbih-hr/README.md). Fix the file.",
    );
  }
  return parsed.data;
}

/** Calls `row` for each data line (1-based line numbers), after checking the header. */
function _rows(
  text: string,
  file: string,
  header: string,
  row: (fields: string[], line: number, raw: string) => void,
): void {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines[0]?.trim() !== header) {
    throw _malformed(file, 1, lines[0] ?? "", `expected the header ${header}`);
  }
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === "") continue;
    row(raw.split(",").map((f) => f.trim()), i + 1, raw);
  }
}

function _malformed(file: string, line: number, raw: string, expected: string): EvalError {
  const shown = raw.length > 60 ? `${raw.slice(0, 60)}…` : raw;
  return new EvalError(
    "EVAL_INPUT_MALFORMED",
    `Cannot read ${file} line ${line}: ${JSON.stringify(shown)}: ${expected}. Fix the file.`,
  );
}
