/**
 * `deno task bench`'s flags and where a run writes its files. Pure: argv in, options out,
 * or a `ConfigError` naming every bad flag.
 *
 * - `--smoke`: tiny sizes, only to prove the harness works (figures mean nothing);
 * - `--use-running-stack`: measure the Kafka and PostgreSQL that KAFKA_BOOTSTRAP_SERVERS
 *   and DATABASE_URL point at instead of starting the benchmark's own stack (the test
 *   suite's smoke run uses the test stack this way);
 * - `--keep-infra`: leave the benchmark's own stack running afterwards;
 * - `--out DIR`: write the JSON, markdown and chart to DIR;
 * - `--only STEP[,STEP…]`: run only these steps (names as in the JSON: micro, producer,
 *   kafka, postgres, consumerDrain, detectorDrain, clientDrain, sustained, memory), for a
 *   targeted measurement. Steps on the backlog fill it first (`producer`); `detectorDrain`
 *   brings `consumerDrain` (its readings are the writer's rows). No goals are judged and no
 *   chart is drawn; the files go to `.cache/bench/` unless `--out`.
 */
import { ConfigError } from "../../shared/config/mod.ts";
import { STEP_NAMES, type StepName } from "./results.ts";

/** The parsed flags. */
export interface BenchFlags {
  readonly smoke: boolean;
  readonly useRunningStack: boolean;
  readonly keepInfra: boolean;
  readonly out?: string;
  /** The steps to run (`--only`); absent: all of them. */
  readonly only?: readonly StepName[];
  readonly help: boolean;
}

/** One line per flag, for `--help` and errors. */
export const USAGE =
  "usage: deno task bench [--smoke] [--use-running-stack] [--keep-infra] [--out DIR] " +
  `[--only STEP[,STEP…]] (steps: ${STEP_NAMES.join(", ")})`;

const SWITCHES = {
  "--smoke": "smoke",
  "--use-running-stack": "useRunningStack",
  "--keep-infra": "keepInfra",
  "--help": "help",
} as const;

/** Reads `argv`; `--out=DIR` and `--out DIR` both work. */
export function parseBenchFlags(argv: readonly string[]): BenchFlags {
  const flags: { -readonly [K in keyof BenchFlags]: BenchFlags[K] } = {
    smoke: false,
    useRunningStack: false,
    keepInfra: false,
    help: false,
  };
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i]!.split("=", 2) as [string, string | undefined];
    if (name === "--out") {
      const dir = inline ?? argv[++i];
      if (dir === undefined || dir.trim() === "" || dir.startsWith("--")) {
        problems.push("--out needs a folder");
        if (dir?.startsWith("--")) i--;
      } else {
        flags.out = dir.replace(/\/+$/, "");
      }
    } else if (name === "--only") {
      const list = inline ?? argv[++i];
      const steps = (list ?? "").split(",").map((step) => step.trim()).filter(Boolean);
      const unknown = steps.filter((step) => !(STEP_NAMES as readonly string[]).includes(step));
      if (list === undefined || list.startsWith("--") || steps.length === 0) {
        problems.push("--only needs a step list");
        if (list?.startsWith("--")) i--;
      } else if (unknown.length > 0) {
        problems.push(`--only: unknown step ${unknown.join(", ")}`);
      } else {
        flags.only = STEP_NAMES.filter((step) => steps.includes(step));
      }
    } else if (name in SWITCHES && inline === undefined) {
      flags[SWITCHES[name as keyof typeof SWITCHES]] = true;
    } else {
      problems.push(`unknown flag ${argv[i]}`);
    }
  }
  if (problems.length > 0) {
    throw new ConfigError("CONFIG_INVALID", `Invalid arguments: ${problems.join("; ")}. ${USAGE}`);
  }
  return flags;
}

/** The files one run writes. */
export interface OutputPaths {
  readonly json: string;
  readonly markdown: string;
  /** Absent for an `--only` run (the chart needs every step). */
  readonly chart?: string;
}

/**
 * Where a run started at `startedAt` (ISO time) writes: a full run to
 * `bench/results/<timestamp>.{json,md}` and the chart to `docs/performance.svg`; a smoke
 * run and an `--only` run everything to `.cache/bench/` (so they never litter the
 * repository), the latter without a chart; `--out DIR` everything to DIR. Timestamps are
 * file-name safe: `2026-05-01T10-00-00Z`.
 */
export function outputPaths(flags: BenchFlags, startedAt: string): OutputPaths {
  const stamp = startedAt.replace(/\.\d+Z$/, "Z").replaceAll(":", "-");
  const dir = flags.out ?? (flags.smoke || flags.only ? ".cache/bench" : "bench/results");
  const files = { json: `${dir}/${stamp}.json`, markdown: `${dir}/${stamp}.md` };
  if (flags.only) return files;
  return {
    ...files,
    chart: flags.out || flags.smoke ? `${dir}/${stamp}.svg` : "docs/performance.svg",
  };
}

/** The steps that read the backlog, which the producer step fills. */
const ON_BACKLOG: readonly StepName[] = [
  "kafka",
  "postgres",
  "consumerDrain",
  "detectorDrain",
  "clientDrain",
];

/**
 * The steps an `--only` list needs: a step on the backlog brings `producer` (which fills
 * it), and `detectorDrain` brings `consumerDrain` (its readings are the rows the writer
 * stored).
 */
export function stepsToRun(only: readonly StepName[]): Set<StepName> {
  const steps = new Set(only);
  if (steps.has("detectorDrain")) steps.add("consumerDrain");
  if (ON_BACKLOG.some((step) => steps.has(step))) steps.add("producer");
  return steps;
}
