/**
 * The query parameters of each API endpoint, as zod schemas, and the one parser that
 * applies them. Every window and page size has a default and a maximum (the maxima come
 * from {@link QUERY_LIMITS}, so the API can never ask a query for more than it allows).
 * Unknown, repeated or malformed parameters are refused with 400 `INVALID_PARAMS`, naming
 * each bad parameter and the value given; an empty value counts as not given.
 */
import { z } from "zod";
import { ANOMALY_TYPES, CustomerIdSchema, SEVERITIES } from "../../shared/contract/mod.ts";
import { ALERT_RULES } from "../../shared/alerts/types.ts";
import { DashboardError, type ParamProblem } from "./http_error.ts";
import { QUERY_LIMITS } from "./queries.ts";

/** Most rows one page of the anomalies feed or of the routed records returns. */
export const PAGE_MAX = 200;

/** A whole number within [min, max], `fallback` when not given. */
function wholeNumber(min: number, max: number, fallback: number) {
  const message = `expected a whole number from ${min} to ${max}`;
  return z.string().regex(/^\d{1,9}$/, message).transform(Number)
    .refine((n) => n >= min && n <= max, message).default(fallback);
}

const customer = CustomerIdSchema.optional();

/** A cursor from a previous page: `<microseconds since the epoch>_<anomaly id>`. */
const cursor = z.string()
  .regex(/^\d{1,20}_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
    message: "expected the nextCursor of a previous page",
  })
  .transform((value) => {
    const [micros, anomalyId] = value.split("_") as [string, string];
    return { micros: BigInt(micros), anomalyId };
  });

/** `GET /api/overview` and `GET /api/stream`. */
export const OverviewParams = z.strictObject({
  minutes: wholeNumber(5, QUERY_LIMITS.overviewMinutes, 15),
});

/** `GET /api/customers`: customer ids starting with `q`. */
export const CustomerSearchParams = z.strictObject({
  q: z.string().regex(/^[!-~]{1,64}$/, "expected up to 64 printable ASCII characters, no spaces")
    .default(""),
  limit: wholeNumber(1, QUERY_LIMITS.search, 20),
});

/** `GET /api/customers/{id}`. */
export const CustomerParams = z.strictObject({
  minutes: wholeNumber(1, QUERY_LIMITS.customerMinutes, 30),
});

/** `GET /api/anomalies`: the feed, newest first. */
export const AnomaliesParams = z.strictObject({
  type: z.enum(ANOMALY_TYPES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  customer,
  minutes: wholeNumber(1, QUERY_LIMITS.feedMinutes, 60),
  limit: wholeNumber(1, PAGE_MAX, 50),
  before: cursor.optional(),
});

/** `GET /api/routed`: records sent to the invalid or dead-letter topic, newest first. */
export const RoutedParams = z.strictObject({
  destination: z.enum(["invalid", "dlq"]).optional(),
  reason: z.string().regex(
    /^[A-Za-z0-9_.-]{1,64}$/,
    "expected a reason code such as HEART_RATE_OUT_OF_RANGE",
  )
    .optional(),
  customer,
  minutes: wholeNumber(1, QUERY_LIMITS.feedMinutes, 60),
  limit: wholeNumber(1, PAGE_MAX, 50),
});

/** `GET /api/alerts`: open (default), resolved or all alerts, newest first. */
export const AlertsParams = z.strictObject({
  status: z.enum(["open", "resolved", "all"]).default("open"),
  rule: z.enum(ALERT_RULES).optional(),
  customer,
  limit: wholeNumber(1, PAGE_MAX, 50),
});

/** Endpoints without parameters (`GET /api/pipeline`). */
export const NoParams = z.strictObject({});

/**
 * Parses a query string with `schema`; throws `INVALID_PARAMS` listing every problem:
 * `Invalid parameters: minutes="999": expected a whole number from 5 to 60`.
 */
export function parseParams<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  params: URLSearchParams,
): z.output<z.ZodObject<Shape>> {
  const raw: Record<string, string> = {};
  const problems: ParamProblem[] = [];
  for (const [name, value] of params) {
    if (name in raw) problems.push({ param: name, message: "given more than once" });
    else if (value !== "") raw[name] = value;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success && problems.length === 0) return parsed.data;
  for (const issue of parsed.error?.issues ?? []) {
    if (issue.code === "unrecognized_keys") {
      const known = Object.keys(schema.shape);
      for (const key of issue.keys) {
        problems.push({
          param: key,
          message: known.length === 0
            ? "unknown parameter: this endpoint takes none"
            : `unknown parameter (expected ${known.join(", ")})`,
        });
      }
    } else {
      problems.push({ param: String(issue.path[0] ?? "?"), message: issue.message });
    }
  }
  throw invalid(problems, raw);
}

/** A customer id from a path segment (percent-decoded); `INVALID_PARAMS` when malformed. */
export function parseCustomerId(segment: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw invalid([{ param: "customerId", message: "malformed percent-encoding" }], {});
  }
  const parsed = CustomerIdSchema.safeParse(decoded);
  if (!parsed.success) {
    throw invalid([{ param: "customerId", message: parsed.error.issues[0]!.message }], {
      customerId: decoded,
    });
  }
  return parsed.data;
}

const ALERT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An alert id from a path segment, lower-cased; `INVALID_PARAMS` unless it is a UUID. */
export function parseAlertId(segment: string): string {
  if (!ALERT_ID.test(segment)) {
    throw invalid([{ param: "alertId", message: "expected an alert id (a UUID)" }], {
      alertId: segment,
    });
  }
  return segment.toLowerCase();
}

function invalid(problems: ParamProblem[], given: Record<string, string>): DashboardError {
  const text = problems.map(({ param, message }) => {
    const value = given[param];
    return value === undefined ? `${param}: ${message}` : `${param}=${quote(value)}: ${message}`;
  });
  return new DashboardError("INVALID_PARAMS", `Invalid parameters: ${text.join("; ")}`, {
    details: problems,
  });
}

function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}
