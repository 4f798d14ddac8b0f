/**
 * `deno task bench`'s flags and where a run writes its files. Pure: argv in, options out,
 * or a `ConfigError` naming every bad flag.
 *
 * - `--smoke`: tiny sizes, only to prove the harness works (figures mean nothing);
 * - `--use-running-stack`: measure the Kafka and PostgreSQL that KAFKA_BOOTSTRAP_SERVERS
 *   and DATABASE_URL point at instead of starting the benchmark's own stack (the test
 *   suite's smoke run uses the test stack this way);
 * - `--keep-infra`: leave the benchmark's own stack running afterwards;
 * - `--out DIR`: write the JSON, markdown and chart to DIR.
 */
import { ConfigError } from "../../shared/config/mod.ts";

/** The parsed flags. */
export interface BenchFlags {
  readonly smoke: boolean;
  readonly useRunningStack: boolean;
  readonly keepInfra: boolean;
  readonly out?: string;
  readonly help: boolean;
}

/** One line per flag, for `--help` and errors. */
export const USAGE =
  "usage: deno task bench [--smoke] [--use-running-stack] [--keep-infra] [--out DIR]";

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
  readonly chart: string;
}

/**
 * Where a run started at `startedAt` (ISO time) writes: a full run to
 * `bench/results/<timestamp>.{json,md}` and the chart to `docs/performance.svg`; a smoke
 * run everything to `.cache/bench/` (so it never litters the repository); `--out DIR`
 * everything to DIR. Timestamps are file-name safe: `2026-05-01T10-00-00Z`.
 */
export function outputPaths(flags: BenchFlags, startedAt: string): OutputPaths {
  const stamp = startedAt.replace(/\.\d+Z$/, "Z").replaceAll(":", "-");
  const dir = flags.out ?? (flags.smoke ? ".cache/bench" : "bench/results");
  return {
    json: `${dir}/${stamp}.json`,
    markdown: `${dir}/${stamp}.md`,
    chart: flags.out || flags.smoke ? `${dir}/${stamp}.svg` : "docs/performance.svg",
  };
}
