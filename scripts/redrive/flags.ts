/**
 * The redrive's command-line flags (pure): argv in, resolved options out, or one
 * `ConfigError` naming every bad flag and what it expects. `--flag value` and
 * `--flag=value` both work; `--reason` and `--customer` may be repeated.
 */
import { z } from "zod";
import { ConfigError, type TopicsConfig } from "../../shared/config/mod.ts";
import { CustomerIdSchema, INVALID_REASON_CODES } from "../../shared/contract/mod.ts";
import type { RedriveFilter } from "./plan.ts";
import type { RoutedKind } from "./routed_record.ts";

/** What `deno task redrive --help` prints. */
export const HELP =
  `deno task redrive [flags]: republish routed records to the raw topic, e.g. after a fix.

Reads TOPIC_DLQ (or TOPIC_INVALID) from its start up to its end offsets at start-up — records
routed meanwhile wait for the next run — and republishes each selected record's original key
and value, byte for byte, to TOPIC_RAW. No consumer-group offsets are kept: the throwaway group
that reads is deleted at the end.

  --from dlq|invalid   the topic to read (default dlq)
  --since TIME         only records routed at or after TIME (2026-11-24T10:00:00Z, or 2026-11-24)
  --until TIME         only records routed before TIME
  --reason CODE        only this reason (repeatable). invalid: a reason_code such as
                       HEART_RATE_OUT_OF_RANGE; dlq: the error's code (a SQLSTATE such as
                       22021) or, when it had none, its name
  --customer ID        only this customer (repeatable): the original key or customer_id
  --limit N            republish at most N records (the rest count as OVER_LIMIT)
  --dry-run            count and list a sample; publish nothing
  --to TOPIC           where to republish (default TOPIC_RAW)
  -h, --help           this text

"Routed at" is the routed message's Kafka timestamp: when the writer published it (within
milliseconds of its detected_at / failed_at).
Never republished: a record whose original value was cut at 64 KiB or key at 1 KiB, one without
a value, and a second routed copy of the same source record (each counted as skipped).
Idempotent: the original bytes keep their event_id, and the writer stores a
(customer_id, event_id) once, so redriving a reading that is already stored — or running the
same redrive twice — adds nothing.`;

/** The parsed flags. */
export interface RedriveFlags {
  readonly help: boolean;
  readonly from: RoutedKind;
  readonly since?: number;
  readonly until?: number;
  readonly reason: readonly string[];
  readonly customer: readonly string[];
  readonly limit?: number;
  readonly dryRun: boolean;
  readonly to?: string;
}

const VALUE_FLAGS = ["from", "since", "until", "reason", "customer", "limit", "to"] as const;
const REPEATABLE = new Set(["reason", "customer"]);
const SWITCHES: Record<string, "help" | "dryRun"> = {
  "-h": "help",
  "--help": "help",
  "--dry-run": "dryRun",
};

const TIME_EXPECTED = "expected an ISO 8601 time such as 2026-11-24T10:00:00Z, or a date";
const time = z.string().transform((text, ctx) => {
  const ok = z.iso.datetime({ offset: true }).safeParse(text).success ||
    z.iso.date().safeParse(text).success;
  if (!ok) ctx.addIssue({ code: "custom", message: TIME_EXPECTED });
  return ok ? Date.parse(text) : z.NEVER;
});

const FlagsSchema = z.object({
  from: z.enum(["dlq", "invalid"], { error: "expected dlq or invalid" }).default("dlq"),
  since: time.optional(),
  until: time.optional(),
  reason: z.array(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "expected a reason code")),
  customer: z.array(CustomerIdSchema),
  limit: z.string().regex(/^[1-9]\d{0,8}$/, "expected a whole number from 1 to 999999999")
    .transform(Number).optional(),
  to: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, "expected a Kafka topic name").optional(),
}).superRefine((flags, ctx) => {
  const known: readonly string[] = INVALID_REASON_CODES;
  flags.reason.forEach((code, i) => {
    if (flags.from === "invalid" && !known.includes(code)) {
      ctx.addIssue({
        code: "custom",
        path: ["reason", i],
        message: `expected a reason code of the invalid topic (${known.join(", ")})`,
      });
    }
  });
  if (flags.since !== undefined && flags.until !== undefined && flags.since >= flags.until) {
    ctx.addIssue({ code: "custom", path: ["until"], message: "expected a time after --since" });
  }
});

/** Parses argv; throws a `ConfigError` listing every bad flag. */
export function parseFlags(argv: readonly string[]): RedriveFlags {
  const raw: Record<string, string | string[]> = { reason: [], customer: [] };
  const switches = { help: false, dryRun: false };
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const key = name.slice(2) as typeof VALUE_FLAGS[number];
    if (SWITCHES[name] && inline === undefined) switches[SWITCHES[name]] = true;
    else if (!name.startsWith("--") || !VALUE_FLAGS.includes(key)) {
      problems.push(`unknown argument ${argv[i]} (see --help)`);
    } else {
      const value = inline ?? argv[++i];
      if (value === undefined) problems.push(`--${key} needs a value`);
      else if (REPEATABLE.has(key)) (raw[key] as string[]).push(value);
      else if (raw[key] !== undefined) problems.push(`--${key} is given twice`);
      else raw[key] = value;
    }
  }
  const parsed = FlagsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [key, index] = issue.path as [string, number | undefined];
      const given = index === undefined ? raw[key] : (raw[key] as string[])[index];
      problems.push(`--${key} ${JSON.stringify(given)}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) {
    throw new ConfigError("CONFIG_INVALID", `Invalid arguments: ${problems.join("; ")}.`);
  }
  const { since, until, ...rest } = parsed.data;
  return { ...switches, ...rest, since, until };
}

/** A resolved redrive: where from, where to, what. */
export interface RedriveOptions {
  readonly kind: RoutedKind;
  readonly sourceTopic: string;
  readonly targetTopic: string;
  /** Where each topic name came from, for messages: `TOPIC_DLQ`, `--to` … */
  readonly names: { readonly source: string; readonly target: string };
  readonly filter: RedriveFilter;
  readonly dryRun: boolean;
}

/**
 * Resolves flags against the configured topics. The target must be a topic of raw readings:
 * republishing into a routed or anomaly topic would corrupt it (or loop), so it is refused.
 */
export function resolveRedrive(flags: RedriveFlags, topics: TopicsConfig): RedriveOptions {
  const sourceTopic = topics[flags.from];
  const targetTopic = flags.to ?? topics.raw;
  if ([topics.invalid, topics.dlq, topics.anomaly, topics.alerts].includes(targetTopic)) {
    throw new ConfigError(
      "CONFIG_INVALID",
      `Invalid arguments: --to ${targetTopic}: expected a topic of raw readings (default ` +
        `TOPIC_RAW=${topics.raw}), not the invalid, dead-letter, anomaly or alert topic.`,
    );
  }
  return {
    kind: flags.from,
    sourceTopic,
    targetTopic,
    names: { source: `TOPIC_${flags.from.toUpperCase()}`, target: flags.to ? "--to" : "TOPIC_RAW" },
    dryRun: flags.dryRun,
    filter: {
      sinceMs: flags.since,
      untilMs: flags.until,
      reasons: new Set(flags.reason),
      customers: new Set(flags.customer),
      limit: flags.limit,
    },
  };
}
