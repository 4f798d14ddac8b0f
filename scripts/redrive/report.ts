/**
 * What a redrive prints (pure): the counts, and for a dry run a sample of what would be
 * republished, one line per record with where it was routed from and what it holds.
 */
import { type RedriveCounts, SKIP_REASONS } from "./plan.ts";
import type { RedriveOptions } from "./flags.ts";
import type { RoutedRecord } from "./routed_record.ts";
import { customersOf } from "./routed_record.ts";

/** Records listed by a dry run. */
export const SAMPLE_SIZE = 10;

/** A selected record, for the sample. */
export interface SampleEntry {
  readonly partition: number;
  readonly offset: bigint;
  readonly timestampMs: number;
  readonly record: RoutedRecord;
}

/** The summary lines of a finished run. */
export function formatSummary(options: RedriveOptions, counts: RedriveCounts): string[] {
  const skipped = SKIP_REASONS.filter((reason) => counts.skipped[reason] > 0);
  const skippedTotal = SKIP_REASONS.reduce((sum, reason) => sum + counts.skipped[reason], 0);
  const width = String(counts.scanned).length;
  const row = (label: string, n: number, note: string) =>
    `${label.padEnd(13)} ${String(n).padStart(width)}  ${note}`.trimEnd();
  return [
    `redrive ${options.sourceTopic} -> ${options.targetTopic}` +
    (options.dryRun ? " (dry run: nothing published)" : ""),
    row("scanned", counts.scanned, "records up to the end offsets taken at start"),
    row(
      "unreadable",
      counts.unreadable,
      counts.unreadable ? "not routed records (left alone)" : "",
    ),
    row("matched", counts.matched, describeFilter(options)),
    options.dryRun
      ? row("would publish", counts.selected, "")
      : row("republished", counts.selected, `to ${options.targetTopic}, original key and value`),
    row(
      "skipped",
      skippedTotal,
      skipped.map((reason) => `${reason} ${counts.skipped[reason]}`).join(", "),
    ),
  ];
}

/** One sample line: `dlq 3/17 2026-11-24T10:15:00.250Z 22021 cust-1 <- events.raw.v1 5/123, 142 B`. */
export function formatSample(entry: SampleEntry): string {
  const { source, reason } = entry.record;
  const customer = customersOf(source)[0] ?? "(no customer)";
  return `  ${entry.partition}/${entry.offset}  ${new Date(entry.timestampMs).toISOString()}  ` +
    `${reason}  ${customer}  <- ${source.topic} ${source.partition}/${source.offset}, ` +
    `${source.value_size} B`;
}

function describeFilter(options: RedriveOptions): string {
  const { sinceMs, untilMs, reasons, customers, limit } = options.filter;
  const parts = [
    sinceMs === undefined ? "" : `since ${new Date(sinceMs).toISOString()}`,
    untilMs === undefined ? "" : `until ${new Date(untilMs).toISOString()}`,
    reasons.size ? `reason ${[...reasons].join("|")}` : "",
    customers.size ? `customer ${[...customers].join("|")}` : "",
    limit === undefined ? "" : `limit ${limit}`,
  ].filter((part) => part !== "");
  return parts.length ? `filter: ${parts.join(", ")}` : "no filter: every routed record";
}
