/**
 * The JSON API under `/api/` (documented in docs/api.md): each endpoint parses its
 * parameters with its zod schema, asks the sources, and answers JSON (times as ISO 8601
 * strings). Errors are thrown as {@link DashboardError}s; the app turns them into responses.
 */
import { API_HEADERS, DashboardError, errorBody, toDashboardError } from "./http_error.ts";
import type { Overview } from "./overview.ts";
import {
  AlertsParams,
  AnomaliesParams,
  CustomerParams,
  CustomerSearchParams,
  NoParams,
  OverviewParams,
  parseCustomerId,
  parseParams,
  RoutedParams,
} from "./params.ts";
import type { SnapshotHub } from "./snapshot_hub.ts";
import type { DashboardSources } from "./sources.ts";
import { openSseStream, sseResponse } from "./sse.ts";

/** What the API handlers use. */
export interface ApiContext {
  readonly sources: DashboardSources;
  /** Overview snapshots for the live stream, keyed by window minutes. */
  readonly overviews: SnapshotHub<Overview>;
  /** Most live streams open at once; more get 503 `TOO_MANY_STREAMS`. */
  readonly maxStreams: number;
  /** Keep-alive comment interval of the stream, in ms. */
  readonly keepAliveMs: number;
}

/** Endpoint paths, for the 404 message. */
const ENDPOINTS = [
  "/api/overview",
  "/api/stream",
  "/api/customers",
  "/api/customers/{id}",
  "/api/anomalies",
  "/api/routed",
  "/api/pipeline",
  "/api/alerts",
  "POST /api/alerts/{alert_id}/ack",
];

/** Answers one GET under `/api/` (the one POST, an acknowledgement, is `ack.ts`). */
export async function handleApi(url: URL, context: ApiContext): Promise<Response> {
  const { sources } = context;
  const query = url.searchParams;
  const customerPath = /^\/api\/customers\/([^/]+)$/.exec(url.pathname);
  if (customerPath) {
    const customerId = parseCustomerId(customerPath[1]!);
    const { minutes } = parseParams(CustomerParams, query);
    const view = await sources.customer(customerId, minutes);
    if (view === undefined) {
      throw new DashboardError(
        "NOT_FOUND",
        `No readings are stored for customer ${customerId}: check the id (search with /api/customers?q=…).`,
      );
    }
    return json(view);
  }
  switch (url.pathname) {
    case "/api/overview":
      return json(await sources.overview(parseParams(OverviewParams, query).minutes));
    case "/api/stream":
      return openStream(parseParams(OverviewParams, query).minutes, context);
    case "/api/customers": {
      const { q, limit } = parseParams(CustomerSearchParams, query);
      const customers = await sources.searchCustomers(q, limit);
      return json({ query: q, customers });
    }
    case "/api/anomalies": {
      const { customer, ...filter } = parseParams(AnomaliesParams, query);
      return json(await sources.anomalies({ ...filter, customerId: customer }));
    }
    case "/api/routed": {
      const { customer, reason, ...filter } = parseParams(RoutedParams, query);
      const records = await sources.routed({ ...filter, customerId: customer, reasonCode: reason });
      return json({ records });
    }
    case "/api/pipeline":
      parseParams(NoParams, query);
      return json(await sources.pipeline());
    case "/api/alerts": {
      const { customer, ...filter } = parseParams(AlertsParams, query);
      return json({ alerts: await sources.alerts({ ...filter, customerId: customer }) });
    }
  }
  throw new DashboardError(
    "NOT_FOUND",
    `No API endpoint ${url.pathname}: the endpoints are ${ENDPOINTS.join(", ")} (docs/api.md).`,
  );
}

/**
 * `GET /api/stream`: the overview as server-sent events, `event: overview` with the same
 * JSON as `/api/overview` every ~2 s, or `event: problem` with an error body when a load
 * failed (the stream stays open and recovers on the next tick).
 */
function openStream(minutes: number, context: ApiContext): Response {
  if (context.overviews.size() >= context.maxStreams) {
    throw new DashboardError(
      "TOO_MANY_STREAMS",
      `${context.maxStreams} live streams are open already: close a dashboard tab, or use /api/overview.`,
      { retriable: true },
    );
  }
  const stream = openSseStream({
    subscribe: (send, close) =>
      context.overviews.subscribe(minutes, {
        send: (message) =>
          send(
            message.ok ? { event: "overview", data: JSON.stringify(message.value) } : {
              event: "problem",
              data: JSON.stringify(errorBody(toDashboardError(message.error))),
            },
          ),
        close,
      }),
  }, { keepAliveMs: context.keepAliveMs });
  return sseResponse(stream);
}

function json(body: unknown): Response {
  return Response.json(body, { headers: API_HEADERS });
}
