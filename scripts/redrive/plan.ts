/**
 * Decides, message by message, what a redrive does with each routed record (pure: no Kafka,
 * no clock). A planner is fed the routed topic's messages in offset order per partition and
 * answers `selected` (with the original key and value to republish), `skipped` (with why)
 * or `unmatched`; it keeps the counts the run reports.
 */
import {
  customersOf,
  decodeRouted,
  originalOf,
  type RoutedKind,
  type RoutedRecord,
  type UnrecoverableReason,
} from "./routed_record.ts";

/** Which routed records to republish. Empty sets and absent bounds select everything. */
export interface RedriveFilter {
  /** Routed at or after this time (ms since the epoch), by the routed message's Kafka timestamp. */
  readonly sinceMs?: number;
  /** Routed before this time (exclusive). */
  readonly untilMs?: number;
  /** Reasons to keep (see {@link RoutedRecord.reason}). */
  readonly reasons: ReadonlySet<string>;
  /** Customers to keep: the original key or the value's customer_id. */
  readonly customers: ReadonlySet<string>;
  /** Most records to republish; the matching records beyond it are skipped as OVER_LIMIT. */
  readonly limit?: number;
}

/** A message of the routed topic, as read. */
export interface RoutedMessage {
  readonly partition: number;
  readonly offset: bigint;
  /** The routed message's Kafka timestamp: when the writer routed the record. */
  readonly timestampMs: number;
  readonly value: Uint8Array | null;
}

/**
 * Why a matching record is not republished: its original is not whole (see `originalOf`),
 * it is a second routed copy of a source record already seen (routing is at-least-once),
 * or the limit was reached.
 */
export type SkipReason = UnrecoverableReason | "DUPLICATE" | "OVER_LIMIT";

/** Every {@link SkipReason}, in the order reports list them. */
export const SKIP_REASONS: readonly SkipReason[] = [
  "VALUE_TRUNCATED",
  "KEY_TRUNCATED",
  "NO_VALUE",
  "DUPLICATE",
  "OVER_LIMIT",
];

/** A zero count for every skip reason. */
export function noSkips(): Record<SkipReason, number> {
  return Object.fromEntries(SKIP_REASONS.map((reason) => [reason, 0])) as Record<
    SkipReason,
    number
  >;
}

/** What to do with one routed message. */
export type Decision =
  | { readonly kind: "unreadable"; readonly problem: string }
  | { readonly kind: "unmatched" }
  | { readonly kind: "skipped"; readonly reason: SkipReason; readonly record: RoutedRecord }
  | {
    readonly kind: "selected";
    readonly record: RoutedRecord;
    readonly key: Uint8Array | null;
    readonly value: Uint8Array;
  };

/**
 * A run's counts: `scanned` = unreadable + unmatched + matched, and
 * `matched` = selected + the sum of `skipped`.
 */
export interface RedriveCounts {
  readonly scanned: number;
  /** Not a routed record per the contract (left alone). */
  readonly unreadable: number;
  readonly matched: number;
  readonly selected: number;
  readonly skipped: Readonly<Record<SkipReason, number>>;
}

/** Feeds routed messages through a filter; see {@link createPlanner}. */
export interface RedrivePlanner {
  decide(message: RoutedMessage): Decision;
  counts(): RedriveCounts;
}

/** A planner for messages of the `kind` topic, selecting with `filter`. */
export function createPlanner(kind: RoutedKind, filter: RedriveFilter): RedrivePlanner {
  const counts = { scanned: 0, unreadable: 0, matched: 0, selected: 0, skipped: noSkips() };
  const seenSources = new Set<string>();
  const skip = (reason: SkipReason, record: RoutedRecord): Decision => {
    counts.skipped[reason]++;
    return { kind: "skipped", reason, record };
  };
  return {
    decide(message) {
      counts.scanned++;
      const decoded = decodeRouted(kind, message.value);
      if (!decoded.ok) {
        counts.unreadable++;
        return { kind: "unreadable", problem: decoded.problem };
      }
      const { record } = decoded;
      if (!matches(record, message.timestampMs, filter)) return { kind: "unmatched" };
      counts.matched++;
      const sourceId = `${record.source.topic}/${record.source.partition}/${record.source.offset}`;
      if (seenSources.has(sourceId)) return skip("DUPLICATE", record);
      seenSources.add(sourceId);
      const original = originalOf(record.source);
      if (!original.ok) return skip(original.reason, record);
      if (filter.limit !== undefined && counts.selected >= filter.limit) {
        return skip("OVER_LIMIT", record);
      }
      counts.selected++;
      return { kind: "selected", record, key: original.key, value: original.value };
    },
    counts: () => structuredClone(counts),
  };
}

/** True when a routed record routed at `routedAtMs` passes every part of the filter. */
export function matches(record: RoutedRecord, routedAtMs: number, filter: RedriveFilter): boolean {
  if (filter.sinceMs !== undefined && routedAtMs < filter.sinceMs) return false;
  if (filter.untilMs !== undefined && routedAtMs >= filter.untilMs) return false;
  if (filter.reasons.size > 0 && !filter.reasons.has(record.reason)) return false;
  if (filter.customers.size > 0) {
    return customersOf(record.source).some((customer) => filter.customers.has(customer));
  }
  return true;
}
