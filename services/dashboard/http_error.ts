/**
 * The dashboard's HTTP errors: one class with a closed set of codes, each code with its
 * status, and the one function that turns anything thrown while answering a request into a
 * JSON response. Every error body has one shape:
 *
 * ```json
 * {"error": {"code": "INVALID_PARAMS", "message": "Invalid parameters: minutes=\"999\": …",
 *            "details": [{"param": "minutes", "message": "expected a whole number from 5 to 60"}]}}
 * ```
 */
import { HeartbeatError } from "../../shared/errors/mod.ts";
import { isConnectionError } from "../../shared/db/mod.ts";

/** Each code's HTTP status. */
export const ERROR_STATUS = {
  INVALID_PARAMS: 400,
  INVALID_BODY: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  UNSUPPORTED_MEDIA_TYPE: 415,
  DEPENDENCY_UNAVAILABLE: 503,
  TOO_MANY_STREAMS: 503,
  INTERNAL: 500,
} as const;

/** Why a request failed. */
export type DashboardErrorCode = keyof typeof ERROR_STATUS;

/** One bad query or path parameter, or one bad field of a JSON body. */
export interface ParamProblem {
  readonly param: string;
  readonly message: string;
}

/** A request the dashboard refuses or cannot answer; `status` follows from `code`. */
export class DashboardError extends HeartbeatError<DashboardErrorCode> {
  readonly details: readonly ParamProblem[];
  /** METHOD_NOT_ALLOWED: the methods the path takes (the `Allow` header), "GET, HEAD" by default. */
  readonly allow: string;

  constructor(
    code: DashboardErrorCode,
    message: string,
    options: {
      details?: readonly ParamProblem[];
      cause?: unknown;
      retriable?: boolean;
      allow?: string;
    } = {},
  ) {
    super(code, message, options);
    this.details = options.details ?? [];
    this.allow = options.allow ?? "GET, HEAD";
  }

  /** The HTTP status of this error's code. */
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Headers every API answer carries: JSON, never cached (the data is live). */
export const API_HEADERS = { "cache-control": "no-store" } as const;

/**
 * The JSON response for anything thrown while answering: a {@link DashboardError} as it is;
 * a database that cannot be reached, or a query cancelled by the dashboard's statement time
 * limit, as 503 `DEPENDENCY_UNAVAILABLE`; anything else as 500 `INTERNAL` without its details
 * (they go to `log`, as they may name internals).
 */
export function errorResponse(error: unknown, log?: (error: unknown) => void): Response {
  const known = toDashboardError(error);
  if (known.code === "INTERNAL") log?.(error);
  const headers: Record<string, string> = { ...API_HEADERS };
  if (known.code === "UNAUTHORIZED") {
    headers["www-authenticate"] = 'Bearer realm="heartbeat-dashboard"';
  }
  if (known.code === "METHOD_NOT_ALLOWED") headers.allow = known.allow;
  if (known.status === 503) headers["retry-after"] = "5";
  return Response.json(errorBody(known), { status: known.status, headers });
}

/** The `{"error": {code, message, details?}}` body of an error (also sent on the live stream). */
export function errorBody(error: DashboardError): {
  error: { code: DashboardErrorCode; message: string; details?: readonly ParamProblem[] };
} {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details.length > 0 ? { details: error.details } : {}),
    },
  };
}

/** Any thrown value as a {@link DashboardError} (see {@link errorResponse} for the mapping). */
export function toDashboardError(error: unknown): DashboardError {
  if (error instanceof DashboardError) return error;
  const code = (error as { code?: unknown })?.code;
  if (isConnectionError(error) || code === "57014") {
    return new DashboardError(
      "DEPENDENCY_UNAVAILABLE",
      code === "57014"
        ? "The database did not answer within the dashboard's statement time limit; try a smaller window."
        : "The database cannot be reached; the dashboard retries on the next request.",
      { cause: error, retriable: true },
    );
  }
  return new DashboardError("INTERNAL", "Internal error (logged by the dashboard).", {
    cause: error,
  });
}
