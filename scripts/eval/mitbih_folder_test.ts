import assert from "node:assert/strict";
import { EvalError } from "./errors.ts";
import { loadMitbihFolder } from "./mitbih_folder.ts";

const FIXTURE = new URL("./testdata/mitbih", import.meta.url).pathname;

async function failure(run: () => Promise<unknown>): Promise<EvalError> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof EvalError, String(error));
    return error;
  }
  assert.fail("expected an EvalError");
}

Deno.test("loadMitbihFolder: reads every record of the fixture folder, in id order", async () => {
  const records = await loadMitbihFolder(FIXTURE);
  assert.deepEqual(records.map((r) => r.id), ["901", "902"]);
  const [r901, r902] = records;
  assert.equal(r901!.hr.length, 300);
  assert.equal(r901!.hr[0], null);
  assert.ok(r901!.beats.length > 300);
  assert.equal(r901!.labels.rhythm_intervals[1]!.label, "(AFIB");
  assert.deepEqual(r902!.labels.pvc_runs_ge_3_beats, []);
});

Deno.test("loadMitbihFolder: any record ids, other files ignored, numeric order", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const id of ["10", "9", "abc"]) {
      for (const name of ["hr.csv", "beats.csv", "labels.json"]) {
        await Deno.copyFile(`${FIXTURE}/record_902_${name}`, `${dir}/record_${id}_${name}`);
      }
    }
    await Deno.writeTextFile(`${dir}/notes.txt`, "not a record");
    assert.deepEqual((await loadMitbihFolder(dir)).map((r) => r.id), ["9", "10", "abc"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadMitbihFolder: a missing companion file, an empty folder and no folder are named", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const empty = await failure(() => loadMitbihFolder(dir));
    assert.equal(empty.code, "EVAL_INPUT_UNREADABLE");
    assert.match(empty.message, /holds no record_<id>_hr\.csv/);
    await Deno.copyFile(`${FIXTURE}/record_901_hr.csv`, `${dir}/record_1_hr.csv`);
    await Deno.copyFile(`${FIXTURE}/record_901_beats.csv`, `${dir}/record_1_beats.csv`);
    const missing = await failure(() => loadMitbihFolder(dir));
    assert.match(missing.message, /record_1_labels\.json is missing/);
    await Deno.writeTextFile(`${dir}/record_1_labels.json`, "{}");
    await Deno.writeTextFile(
      `${dir}/record_1_beats.csv`,
      "t_seconds,beat_symbol,rr_prev_s\n1,N,x\n",
    );
    const malformed = await failure(() => loadMitbihFolder(dir));
    assert.equal(malformed.code, "EVAL_INPUT_MALFORMED");
    assert.match(malformed.message, /record_1_beats\.csv line 2: "1,N,x"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  const gone = await failure(() => loadMitbihFolder(`${dir}/nowhere`));
  assert.match(gone.message, /^Cannot read .*nowhere/);
});
