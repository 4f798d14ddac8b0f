/**
 * Reads `deno bench --json` and turns time per iteration into readings per second. A
 * bench whose name says `× N` handles N readings per iteration (the rule engine's loops
 * over 100,000 readings); any other handles one. Pure.
 */
import { BenchError } from "./errors.ts";

/** One micro benchmark's figure. */
export interface MicroResult {
  /** The bench file, relative to the repository root. */
  readonly file: string;
  readonly name: string;
  readonly nsPerIteration: number;
  readonly readingsPerIteration: number;
  readonly readingsPerSecond: number;
}

/** What `deno bench --json` prints (version 1), the parts read here. */
interface DenoBenchJson {
  readonly benches?: readonly {
    readonly origin: string;
    readonly name: string;
    readonly results: readonly { readonly ok?: { readonly avg: number } }[];
  }[];
}

/** The readings one iteration of a bench named `name` handles (`× 100000` → 100,000). */
export function readingsPerIteration(name: string): number {
  const match = /×\s*([\d_,]+)/.exec(name);
  return match ? Number(match[1]!.replaceAll(/[_,]/g, "")) : 1;
}

/**
 * The figures of every bench that ran; `root` (a file URL prefix) is cut from each
 * origin. A bench without an ok result (it threw) is an error naming it.
 */
export function parseDenoBench(json: string, root: string): MicroResult[] {
  let parsed: DenoBenchJson;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new BenchError(
      "BENCH_TOOL_FAILED",
      `Cannot read \`deno bench --json\` output as JSON (it starts ${
        JSON.stringify(json.slice(0, 120))
      }); run the same deno bench command by hand to see what it printed.`,
    );
  }
  return (parsed.benches ?? []).map((bench) => {
    const avg = bench.results[0]?.ok?.avg;
    if (avg === undefined || !(avg > 0)) {
      throw new BenchError(
        "BENCH_TOOL_FAILED",
        `The micro benchmark "${bench.name}" (${bench.origin}) failed: run \`deno bench ${bench.origin}\` to see its error.`,
      );
    }
    const readings = readingsPerIteration(bench.name);
    return {
      file: bench.origin.startsWith(root) ? bench.origin.slice(root.length) : bench.origin,
      name: bench.name,
      nsPerIteration: avg,
      readingsPerIteration: readings,
      readingsPerSecond: (readings * 1e9) / avg,
    };
  });
}
