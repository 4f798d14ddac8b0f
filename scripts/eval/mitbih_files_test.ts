import assert from "node:assert/strict";
import { EvalError } from "./errors.ts";
import { parseBeatsCsv, parseHrCsv, parseLabelsJson } from "./mitbih_files.ts";

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof EvalError, String(error));
    assert.equal(error.code, "EVAL_INPUT_MALFORMED");
    return error.message;
  }
  assert.fail("expected an EvalError");
}

Deno.test("parseHrCsv: one rate per second, null where empty or absent", () => {
  const text = "\uFEFFt_seconds,heart_rate_bpm\r\n0,\r\n1,72.5\r\n3,80\r\n\r\n";
  assert.deepEqual(parseHrCsv(text, "r_hr.csv"), [null, 72.5, null, 80]);
});

Deno.test("parseHrCsv: a malformed line is named with its file, line and content", () => {
  const header = "t_seconds,heart_rate_bpm\n";
  assert.match(
    failure(() => parseHrCsv(`${header}0,70\n1,abc\n`, "x_hr.csv")),
    /^Cannot read x_hr\.csv line 3: "1,abc": expected a whole number of seconds/,
  );
  assert.match(failure(() => parseHrCsv(`${header}5,70\n4,70\n`, "x")), /line 3.*ascending/);
  assert.match(failure(() => parseHrCsv(`${header}0,70,1\n`, "x")), /line 2/);
  assert.match(failure(() => parseHrCsv(`${header}0,-3\n`, "x")), /line 2/);
  assert.match(
    failure(() => parseHrCsv("time,bpm\n0,70\n", "x_hr.csv")),
    /x_hr\.csv line 1: "time,bpm": expected the header t_seconds,heart_rate_bpm/,
  );
});

Deno.test("parseBeatsCsv: beats in order, the first interval empty", () => {
  const text = "t_seconds,beat_symbol,rr_prev_s\n0.44,N,\n1.15,V,0.711\n";
  assert.deepEqual(parseBeatsCsv(text, "b"), [
    { tS: 0.44, symbol: "N", rrS: null },
    { tS: 1.15, symbol: "V", rrS: 0.711 },
  ]);
  const header = "t_seconds,beat_symbol,rr_prev_s\n";
  assert.match(
    failure(() => parseBeatsCsv(`${header}1,N,\n0.5,N,0.5\n`, "b.csv")),
    /b\.csv line 3/,
  );
  assert.match(failure(() => parseBeatsCsv(`${header}1,,0.5\n`, "b.csv")), /line 2.*beat symbol/);
  assert.match(failure(() => parseBeatsCsv(`${header}1,N,0\n`, "b.csv")), /line 2/);
});

Deno.test("parseLabelsJson: reads the fields used, defaults the optional ones, ignores others", () => {
  const labels = parseLabelsJson(
    JSON.stringify({
      record: "x",
      rhythm_intervals: [{ label: "(AFIB", start_s: 1, end_s: 100, duration_s: 99 }],
      extra: { anything: true },
    }),
    "l.json",
  );
  assert.equal(labels.rhythm_intervals[0]!.label, "(AFIB");
  assert.equal(labels.derived_episodes, undefined);
  assert.deepEqual(labels.beat_annotation_gaps_ge_3s, []);
});

Deno.test("parseLabelsJson: bad JSON and bad fields name the file and the field", () => {
  assert.match(failure(() => parseLabelsJson("{", "l.json")), /^Cannot read l\.json: not JSON/);
  assert.match(
    failure(() =>
      parseLabelsJson(
        JSON.stringify({ rhythm_intervals: [{ label: "(N", start_s: "a" }] }),
        "l.json",
      )
    ),
    /l\.json: \.rhythm_intervals\[0\]\.start_s: .*expected number/i,
  );
  assert.match(
    failure(() =>
      parseLabelsJson(
        JSON.stringify({ derived_episodes: { bradycardia: [{ start_s: 9, end_s: 2 }] } }),
        "l.json",
      )
    ),
    /derived_episodes\.bradycardia\[0\]: expected end_s >= start_s/,
  );
});
