/** End to end: the fixture folder through the real alert engine, in process and as the CLI. */
import assert from "node:assert/strict";
import { loadConfig, sections } from "../../shared/config/mod.ts";
import { createEnginePort, evalSettingsOf } from "./engine.ts";
import { evaluateGroups } from "./evaluate.ts";
import { recordGoals } from "./goals.ts";
import { loadMitbihFolder } from "./mitbih_folder.ts";
import { mitbihSeries } from "./mitbih_series.ts";

const FIXTURE = new URL("./testdata/mitbih", import.meta.url).pathname;
const MAIN = new URL("./main.ts", import.meta.url).pathname;
const DEFAULTS = loadConfig(
  { alerts: sections.alerts, anomaly: sections.anomaly, validation: sections.validation },
  () => undefined,
);

Deno.test("eval: the fixture's labelled episodes are all detected by the real engine, nothing false", async () => {
  const settings = evalSettingsOf(DEFAULTS.alerts);
  const records = await loadMitbihFolder(FIXTURE);
  const groups = records.map((record, index) => ({
    name: record.id,
    description: "",
    series: [
      mitbihSeries(record, index, {
        ...DEFAULTS.validation,
        ...settings.thresholds,
        noDataAfterMs: settings.noDataAfterMs,
        seed: 1,
      }).series,
    ],
  }));
  const outcome = evaluateGroups("fixture", groups, createEnginePort(DEFAULTS.alerts), {
    ingestDelayMs: 200,
    seed: 1,
    anomaly: DEFAULTS.anomaly,
  });
  const { rules } = outcome.scores;
  for (const rule of ["LOW", "HIGH", "NO_DATA", "IRREGULAR_RHYTHM"] as const) {
    assert.equal(rules[rule].episodes, 1, rule);
    assert.equal(rules[rule].recall, 1, rule);
    assert.equal(rules[rule].precision, 1, rule);
  }
  assert.ok(rules.LOW.delayMedianS! <= 10 && rules.HIGH.delayMedianS! <= 10);
  assert.ok(rules.LOW.toldMedianS! > rules.LOW.delayMedianS!, "told includes the reorder hold");
  assert.ok(rules.NO_DATA.delayMedianS! <= 31);
  for (const rule of Object.values(rules)) assert.equal(rule.falseAlerts, 0);
  const told = Object.values(outcome.notifications).reduce((a, b) => a + b, 0);
  const raw = Object.values(outcome.raw).reduce((a, b) => a + b, 0);
  assert.ok(told < raw / 5, `${told} notifications vs ${raw} raw findings`);
  assert.ok(recordGoals(outcome).every((g) => g.reached === true));
});

Deno.test("eval: `main.ts --data … --json …` prints the table and writes the figures", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const json = `${dir}/out/figures.json`;
    const run = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        "--allow-write",
        "--allow-env",
        MAIN,
        "--data",
        FIXTURE,
        "--json",
        json,
      ],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const out = new TextDecoder().decode(run.stdout);
    assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
    assert.match(out, /\nIRREGULAR_RHYTHM\s+1\s+1\s+1\.000\s+1\.000/);
    const figures = JSON.parse(await Deno.readTextFile(json));
    assert.equal(figures.rules.NO_DATA.recall, 1);
    assert.equal(figures.rules.NO_DATA.episodes, 1);
    const bad = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", "--allow-env", MAIN, "--data", `${dir}/nowhere`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(bad.code, 1);
    assert.match(new TextDecoder().decode(bad.stderr), /^error: Cannot read .*nowhere/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
