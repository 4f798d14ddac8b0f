/**
 * The micro benchmarks: `deno bench --json` over the validator's and the rule engine's
 * bench files (one core, no I/O), as readings per second.
 */
import { run } from "../infra/process.ts";
import type { BenchContext } from "./context.ts";
import { BenchError } from "./errors.ts";
import { parseDenoBench } from "./micro_output.ts";
import type { MicroFigures } from "./results.ts";

/** The bench files, relative to the repository root. */
export const MICRO_BENCH_FILES = [
  "shared/validation/validate_record_bench.ts",
  "shared/rules/evaluate_reading_bench.ts",
] as const;

/** Runs the benches in a `deno bench` process of their own. */
export async function measureMicro(ctx: BenchContext): Promise<MicroFigures> {
  ctx.log(`micro: deno bench ${MICRO_BENCH_FILES.join(" ")}`);
  const result = await run(Deno.execPath(), ["bench", "--json", ...MICRO_BENCH_FILES], {
    cwd: ctx.root,
    env: { NO_COLOR: "1" },
  });
  if (result.code !== 0) {
    throw new BenchError(
      "BENCH_TOOL_FAILED",
      `deno bench exited with ${result.code}: ${
        result.stderr.trim().split("\n").slice(-3).join(" | ").slice(0, 500)
      }; run \`deno bench ${MICRO_BENCH_FILES.join(" ")}\` to see why.`,
    );
  }
  return { benches: parseDenoBench(result.stdout, `file://${ctx.root}/`) };
}
