/**
 * Reads a folder in the MIT-BIH heart-rate format: every `record_<id>_hr.csv` with its
 * `record_<id>_beats.csv` and `record_<id>_labels.json`. Any folder of that format works,
 * whatever its record ids; other files are ignored. The only I/O of the `--data` input.
 */
import { EvalError } from "./errors.ts";
import {
  type Beat,
  type MitbihLabels,
  parseBeatsCsv,
  parseHrCsv,
  parseLabelsJson,
} from "./mitbih_files.ts";

/** One record, parsed. */
export interface MitbihRecord {
  readonly id: string;
  /** The rate per second (index = second), null where the file has none. */
  readonly hr: readonly (number | null)[];
  readonly beats: readonly Beat[];
  readonly labels: MitbihLabels;
}

const HR_FILE = /^record_(.+)_hr\.csv$/;

/** Reads every record of `dir`, ordered by id (numerically where ids are numbers). */
export async function loadMitbihFolder(dir: string): Promise<MitbihRecord[]> {
  const names = new Set<string>();
  try {
    for await (const entry of Deno.readDir(dir)) if (entry.isFile) names.add(entry.name);
  } catch (error) {
    throw _unreadable(dir, error);
  }
  const ids = [...names].flatMap((name) => HR_FILE.exec(name)?.[1] ?? [])
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  if (ids.length === 0) {
    throw new EvalError(
      "EVAL_INPUT_UNREADABLE",
      `Cannot evaluate ${dir}: it holds no record_<id>_hr.csv. Point --data at a folder in the ` +
        "format of ../shared/data/mitbih-hr/ (see its README.md).",
    );
  }
  const records: MitbihRecord[] = [];
  for (const id of ids) {
    const file = (suffix: string) => `${dir.replace(/\/+$/, "")}/record_${id}_${suffix}`;
    for (const suffix of ["beats.csv", "labels.json"]) {
      if (!names.has(`record_${id}_${suffix}`)) {
        throw new EvalError(
          "EVAL_INPUT_UNREADABLE",
          `Cannot evaluate record ${id}: ${file(suffix)} is missing (each record_<id>_hr.csv ` +
            "needs its _beats.csv and _labels.json). Add it or remove the record.",
        );
      }
    }
    records.push({
      id,
      hr: parseHrCsv(await _read(file("hr.csv")), file("hr.csv")),
      beats: parseBeatsCsv(await _read(file("beats.csv")), file("beats.csv")),
      labels: parseLabelsJson(await _read(file("labels.json")), file("labels.json")),
    });
  }
  return records;
}

async function _read(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    throw _unreadable(path, error);
  }
}

function _unreadable(path: string, error: unknown): EvalError {
  const denied = error instanceof Deno.errors.NotCapable ||
    error instanceof Deno.errors.PermissionDenied;
  const what = denied
    ? "this process may not read it (run with --allow-read for that folder)"
    : (error as Error).message;
  return new EvalError("EVAL_INPUT_UNREADABLE", `Cannot read ${path}: ${what}.`, { cause: error });
}
