/**
 * `deno task eval`'s flags (pure): argv in, resolved flags out, or one `EvalError` naming
 * every bad flag and what it expects. `--flag value` and `--flag=value` both work.
 */
import { z } from "zod";
import { EvalError } from "./errors.ts";

/** What `deno task eval -- --help` prints. */
export const HELP =
  `deno task eval [flags]: replay labelled heart-rate series through the alert engine at full
speed and score its alerts per rule (recall, precision, false alerts per customer-hour,
detection delay, notifications against the raw per-reading rules). docs/detection.md explains
the figures and how labels map to expected alerts.

  --scenarios          the simulator's labelled scenarios (the default without --data)
  --data DIR           a folder in the format of ../shared/data/mitbih-hr/ (record_<id>_hr.csv,
                       _beats.csv, _labels.json), e.g. --data ../shared/data/mitbih-hr
  --mask S[,S…]        with --data: blank one span of each length S (seconds) in every record,
                       placed at random (--seed), to test signal loss, e.g. --mask 10,45,90
  --seed N             seed of the scenarios, the reordering and the masks (default 1)
  --customers N        customers per scenario (default 100)
  --hours H            hours per scenario (default 1)
  --json PATH          also write the figures as JSON ({"rules": {"<RULE>": {recall, …}}})
  -h, --help           this text

Thresholds come from the same settings as the detector (ALERT_*, ANOMALY_* for the raw
rules; .env). Exit code 0 when the run completed, whether or not every goal was met.`;

/** The parsed flags. */
export interface EvalFlags {
  readonly help: boolean;
  /** The MIT-BIH-format folder, or undefined for the scenarios. */
  readonly data?: string;
  readonly maskS: readonly number[];
  readonly seed: number;
  readonly customers: number;
  readonly hours: number;
  readonly json?: string;
}

const VALUE_FLAGS = ["data", "mask", "seed", "customers", "hours", "json"] as const;
type ValueFlag = typeof VALUE_FLAGS[number];

const whole = (min: number, max: number) =>
  z.string().regex(/^\d+$/, `expected a whole number from ${min} to ${max}`).transform(Number)
    .refine((n) => n >= min && n <= max, `expected a whole number from ${min} to ${max}`);

const FlagsSchema = z.object({
  data: z.string().min(1, "expected a folder").optional(),
  mask: z.string().regex(/^\d+(,\d+)*$/, "expected seconds separated by commas, e.g. 10,45,90")
    .transform((list) => list.split(",").map(Number))
    .refine((list) => list.every((s) => s >= 1 && s <= 3600), "expected spans of 1-3600 s")
    .optional(),
  seed: whole(0, 2 ** 31 - 1).default(1),
  customers: whole(1, 100_000).default(100),
  hours: z.string().regex(/^\d*\.?\d+$/, "expected a number of hours, e.g. 1 or 0.5")
    .transform(Number).refine((h) => h > 0 && h <= 1000, "expected more than 0, at most 1000")
    .default(1),
  json: z.string().min(1, "expected a file path").optional(),
});

/**
 * Parses argv; throws an `EvalError` listing every bad flag. A leading `--` (as in
 * `deno task eval -- --data DIR`, which deno task passes on) is skipped.
 */
export function parseEvalFlags(allArgs: readonly string[]): EvalFlags {
  const argv = allArgs[0] === "--" ? allArgs.slice(1) : allArgs;
  const raw: Partial<Record<ValueFlag, string>> = {};
  let help = false;
  let scenarios = false;
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const key = name.slice(2) as ValueFlag;
    if ((name === "-h" || name === "--help") && inline === undefined) help = true;
    else if (name === "--scenarios" && inline === undefined) scenarios = true;
    else if (!name.startsWith("--") || !VALUE_FLAGS.includes(key)) {
      problems.push(`unknown argument ${argv[i]} (see --help)`);
    } else {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith("--"))) {
        problems.push(`--${key} needs a value`);
        if (value !== undefined) i--;
      } else if (raw[key] !== undefined) problems.push(`--${key} is given twice`);
      else raw[key] = value;
    }
  }
  const parsed = FlagsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]) as ValueFlag;
      problems.push(`--${key} ${JSON.stringify(raw[key])}: ${issue.message}`);
    }
  }
  if (raw.data !== undefined && scenarios) {
    problems.push("--data and --scenarios are two inputs: run the evaluation once for each");
  }
  if (raw.data !== undefined && (raw.customers !== undefined || raw.hours !== undefined)) {
    problems.push("--customers and --hours size the scenarios: a --data folder has its own");
  }
  if (raw.data === undefined && raw.mask !== undefined) {
    problems.push("--mask blanks spans of real records: it needs --data");
  }
  if (problems.length > 0 || !parsed.success) {
    throw new EvalError("EVAL_ARGUMENTS_INVALID", `Invalid arguments: ${problems.join("; ")}.`);
  }
  const { mask, ...rest } = parsed.data;
  return { help, ...rest, maskS: mask ?? [] };
}
