import { HeartbeatError } from "../../shared/errors/mod.ts";

/** Why the evaluation stopped. */
export type EvalErrorCode =
  /** A flag is missing, unknown or malformed. */
  | "EVAL_ARGUMENTS_INVALID"
  /** The --data folder or one of its files cannot be read, or holds no record. */
  | "EVAL_INPUT_UNREADABLE"
  /** A file of the --data folder is not in the expected format (named with its line). */
  | "EVAL_INPUT_MALFORMED"
  /** The --json file cannot be written. */
  | "EVAL_OUTPUT_UNWRITABLE";

/**
 * The evaluation cannot go on: bad flags, an unreadable or malformed input, an unwritable
 * output. Never retriable: the caller has to change the input. Messages name the file (and
 * line) and what is expected.
 */
export class EvalError extends HeartbeatError<EvalErrorCode> {}
