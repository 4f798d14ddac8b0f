/**
 * `deno task eval`: replays labelled series (the simulator's scenarios, or a folder in the
 * MIT-BIH format with `--data`) through the alert engine at full speed and prints, per
 * rule, recall, precision, false alerts per customer-hour, detection delays and
 * notifications against the raw per-reading rules; `--json` writes the figures too.
 * Composition only: the decisions live in the modules beside it (docs/detection.md).
 */
import { loadConfig, sections } from "../../shared/config/mod.ts";
import { runMain } from "../../shared/cli/run_main.ts";
import { createEnginePort, evalSettingsOf } from "./engine.ts";
import { EvalError } from "./errors.ts";
import { evaluateGroups } from "./evaluate.ts";
import { HELP, parseEvalFlags } from "./flags.ts";
import { recordGoals, scenarioGoals } from "./goals.ts";
import { loadMitbihFolder } from "./mitbih_folder.ts";
import { mitbihSeries } from "./mitbih_series.ts";
import { formatReport, toJson } from "./report.ts";
import { scenarioSpecs } from "./scenarios.ts";
import { scenarioGroup } from "./scenario_series.ts";
import type { SeriesGroup } from "./series.ts";

/** From a reading's event time to the detector, ms: a device's upload plus the pipeline. */
const INGEST_DELAY_MS = 200;

await runMain(async () => {
  const flags = parseEvalFlags(Deno.args);
  if (flags.help) {
    console.log(HELP);
    return 0;
  }
  const config = loadConfig({
    alerts: sections.alerts,
    anomaly: sections.anomaly,
    validation: sections.validation,
  });
  const engine = createEnginePort(config.alerts);
  const settings = evalSettingsOf(config.alerts);
  const options = { ingestDelayMs: INGEST_DELAY_MS, seed: flags.seed, anomaly: config.anomaly };
  const started = performance.now();
  let report: { outcome: ReturnType<typeof evaluateGroups>; goals: ReturnType<typeof recordGoals> };
  if (flags.data !== undefined) {
    const records = await loadMitbihFolder(flags.data);
    const groups: SeriesGroup[] = records.map((record, index) => {
      const built = mitbihSeries(record, index, {
        ...config.validation,
        noDataAfterMs: settings.noDataAfterMs,
        ...settings.thresholds,
        maskS: flags.maskS,
        seed: flags.seed,
      });
      const rhythms = [...new Set(record.labels.rhythm_intervals.map((r) => r.label))];
      const notes = [
        rhythms.length ? `rhythms ${rhythms.map((r) => r.replace(/^\(/, "")).join(" ")}` : "",
        built.outOfRange ? `${built.outOfRange} s out of range` : "",
        built.masked.length
          ? `masked ${built.masked.map((m) => `${m.startS}+${m.endS - m.startS}s`).join(" ")}`
          : "",
      ].filter(Boolean);
      return { name: record.id, description: notes.join(", "), series: [built.series] };
    });
    const mask = flags.maskS.length
      ? ` masked ${flags.maskS.join(",")} s (seed ${flags.seed})`
      : "";
    const outcome = evaluateGroups(`records in ${flags.data}${mask}`, groups, engine, options);
    report = { outcome, goals: recordGoals(outcome) };
  } else {
    const specs = scenarioSpecs(settings.thresholds);
    const groups = function* () {
      for (const spec of specs) {
        console.error(`scenario ${spec.name}: ${flags.customers} customers × ${flags.hours} h …`);
        yield scenarioGroup(spec, { ...flags, noDataAfterMs: settings.noDataAfterMs });
      }
    };
    const name = `simulator scenarios (seed ${flags.seed}, ${flags.customers} customers × ` +
      `${flags.hours} h each, 2 % artifacts)`;
    const outcome = evaluateGroups(name, groups(), engine, options);
    report = { outcome, goals: scenarioGoals(outcome) };
  }
  for (const line of formatReport(report.outcome, report.goals)) console.log(line);
  console.error(`evaluated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (flags.json !== undefined) await _writeJson(flags.json, toJson(report.outcome, report.goals));
  return 0;
});

async function _writeJson(path: string, document: unknown): Promise<void> {
  try {
    const folder = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    if (folder) await Deno.mkdir(folder, { recursive: true });
    await Deno.writeTextFile(path, JSON.stringify(document, null, 2) + "\n");
    console.error(`wrote ${path}`);
  } catch (error) {
    throw new EvalError(
      "EVAL_OUTPUT_UNWRITABLE",
      `Cannot write --json ${path}: ${(error as Error).message}. Choose a writable path.`,
      { cause: error },
    );
  }
}
