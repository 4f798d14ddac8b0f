/**
 * Maps the zod issues of `HeartbeatEventSchema` to one reason code and message. Zod decides
 * what is valid; this file only decides how to report it. When a record has several
 * problems, the most basic one wins: a missing field, then an unknown field, then a wrong
 * type or format, then a heart rate beyond what an integer may hold.
 */
import type { z } from "zod";
import type { InvalidVerdict } from "./verdict.ts";
import { invalid } from "./verdict.ts";
import { describeValue, listNames, quote } from "./_describe.ts";
import { RR_INTERVALS } from "../contract/mod.ts";

/** What each field must be, in words, for WRONG_TYPE messages. */
const EXPECTED: ReadonlyMap<string, string> = new Map([
  ["event_id", "a UUID"],
  ["customer_id", "1-64 printable ASCII characters without spaces"],
  ["event_time", "an RFC 3339 UTC timestamp like 2026-11-24T10:15:00Z"],
  ["heart_rate", "an integer"],
  ["schema_version", "1 or 2"],
  ["device_id", "a string of 1-128 characters"],
  ["device_model", "a string of 1-128 characters"],
  ["battery_pct", "an integer 0..100"],
  [
    "rr_intervals_ms",
    `an array of at most ${RR_INTERVALS.maxCount} whole numbers of ms ` +
    `(${RR_INTERVALS.minMs}..${RR_INTERVALS.maxMs})`,
  ],
]);

/**
 * Reduces zod's issues for `object` to the highest-priority problem. `object` is the
 * parsed payload, used to tell a missing field from a present one of the wrong type and to
 * quote the value found.
 */
export function reportIssues(
  issues: readonly z.core.$ZodIssue[],
  object: Record<string, unknown>,
  heartRateRange: string,
): InvalidVerdict {
  const missing: string[] = [];
  const unknown: string[] = [];
  let wrongType: z.core.$ZodIssue | undefined;
  let heartRateBeyondInteger = false;
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      unknown.push(...issue.keys);
      continue;
    }
    const field = issue.path[0];
    if (typeof field !== "string") {
      wrongType ??= issue;
    } else if (!Object.hasOwn(object, field)) {
      missing.push(field);
    } else if (
      field === "heart_rate" && (issue.code === "too_big" || issue.code === "too_small")
    ) {
      heartRateBeyondInteger = true;
    } else {
      wrongType ??= issue;
    }
  }
  if (missing.length > 0) {
    return invalid("MISSING_FIELD", `missing field${plural(missing)} ${listNames(missing)}`);
  }
  if (unknown.length > 0) {
    return invalid("UNKNOWN_FIELD", `unknown field${plural(unknown)} ${listNames(unknown)}`);
  }
  if (wrongType !== undefined) return wrongTypeVerdict(wrongType, object);
  if (heartRateBeyondInteger) {
    return invalid(
      "HEART_RATE_OUT_OF_RANGE",
      `heart_rate ${object.heart_rate} is outside ${heartRateRange}`,
    );
  }
  // Unreachable while the schema only yields the issues above; report zod's own words.
  return invalid("WRONG_TYPE", issues[0]?.message ?? "the reading does not match the schema");
}

function wrongTypeVerdict(issue: z.core.$ZodIssue, object: Record<string, unknown>) {
  const field = issue.path[0];
  if (typeof field !== "string") return invalid("WRONG_TYPE", issue.message);
  if (field === "rr_intervals_ms") return rrIntervalsVerdict(issue, object[field]);
  const expected = EXPECTED.get(field) ?? issue.message;
  return invalid(
    "WRONG_TYPE",
    `field ${quote(field)} must be ${expected}, got ${describeValue(object[field])}`,
  );
}

/**
 * Names the bad interval, or the count, rather than quoting the whole array:
 * `rr_intervals_ms[3] must be a whole number of ms from 100 to 10000, got number 50`.
 */
function rrIntervalsVerdict(issue: z.core.$ZodIssue, value: unknown) {
  const index = issue.path[1];
  const { maxCount, minMs, maxMs } = RR_INTERVALS;
  if (typeof index === "number" && Array.isArray(value)) {
    return invalid(
      "WRONG_TYPE",
      `rr_intervals_ms[${index}] must be a whole number of ms from ${minMs} to ${maxMs}, got ${
        describeValue(value[index])
      }`,
    );
  }
  if (Array.isArray(value)) {
    return invalid(
      "WRONG_TYPE",
      `field "rr_intervals_ms" must hold at most ${maxCount} intervals, got ${value.length}`,
    );
  }
  return invalid(
    "WRONG_TYPE",
    `field "rr_intervals_ms" must be ${EXPECTED.get("rr_intervals_ms")}, got ${
      describeValue(value)
    }`,
  );
}

function plural(names: readonly string[]): string {
  return names.length > 1 ? "s" : "";
}
