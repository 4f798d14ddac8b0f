/** The benchmark harness's errors: what failed, the figure or value, and what to do. */
import { HeartbeatError } from "../../shared/errors/mod.ts";

/** Why a benchmark run stopped. */
export type BenchErrorCode =
  /** A step did not finish in its time limit (a drain, a service that never joined). */
  | "BENCH_TIMEOUT"
  /** A tool or service exited with an error, or printed output the harness cannot read. */
  | "BENCH_TOOL_FAILED";

/** A benchmark step failed; the message names the step and what to check. */
export class BenchError extends HeartbeatError<BenchErrorCode> {}
