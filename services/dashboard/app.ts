/**
 * The dashboard as a `fetch` handler (`createApp(deps).fetch`): `main.ts` serves it, tests
 * call it without opening a port. Routes:
 *
 * - `GET /` and `/static/…`, `/vendor/uplot/…`: the page and its files (no token needed:
 *   they hold no data);
 * - `GET /livez` (the process answers) and `GET /healthz` (database and broker reachable);
 * - `GET /api/…`: the JSON API and the live stream (see `api.ts`), behind the optional
 *   bearer token;
 * - `POST /api/alerts/{alert_id}/ack`: a person acknowledges an alert (see `ack.ts`), behind
 *   the same token — the dashboard's only write.
 *
 * One error handler turns whatever a route throws into a JSON error (see `http_error.ts`).
 */
import type { Logger } from "../../shared/observability/mod.ts";
import { handleAck } from "./ack.ts";
import { type ApiContext, handleApi } from "./api.ts";
import { createTokenCheck } from "./auth.ts";
import { DashboardError, errorResponse, toDashboardError } from "./http_error.ts";
import type { Overview } from "./overview.ts";
import { createSnapshotHub, everyMs, type Scheduler } from "./snapshot_hub.ts";
import type { DashboardSources } from "./sources.ts";
import { serveAsset, type StaticAssets } from "./static_assets.ts";

/** The one path that takes a POST: an acknowledgement (`ack.ts`). */
const ACK_PATH = /^\/api\/alerts\/([^/]+)\/ack$/;

/** What the app is built from. */
export interface AppDeps {
  readonly sources: DashboardSources;
  readonly assets: StaticAssets;
  /** `DASHBOARD_TOKEN`; undefined: the API is open. */
  readonly token?: string;
  readonly log?: Logger;
  /** Ticks of the live stream (default every 2 s); tests pass a manual scheduler. */
  readonly schedule?: Scheduler;
  /** Monotonic milliseconds for the stream's load spacing (default `performance.now`). */
  readonly clock?: () => number;
  /** Most live streams at once (default 50). */
  readonly maxStreams?: number;
  /** Keep-alive interval of the live stream in ms (default 15 s). */
  readonly keepAliveMs?: number;
}

/** The dashboard application. */
export interface DashboardApp {
  fetch(request: Request): Promise<Response>;
  /** Ends every live stream (call before shutting the server down, or it waits on them). */
  close(): void;
}

/** Builds the app (see the module doc). */
export function createApp(deps: AppDeps): DashboardApp {
  const authorized = createTokenCheck(deps.token);
  const logInternal = (error: unknown) => deps.log?.error("request failed", { error });
  const overviews = createSnapshotHub<Overview>({
    load: (minutes) =>
      deps.sources.overview(minutes).catch((error) => {
        if (toDashboardError(error).code === "INTERNAL") logInternal(error);
        throw error;
      }),
    schedule: deps.schedule ?? everyMs(2000),
    clock: deps.clock,
  });
  const api: ApiContext = {
    sources: deps.sources,
    overviews,
    maxStreams: deps.maxStreams ?? 50,
    keepAliveMs: deps.keepAliveMs ?? 15_000,
  };

  const requireToken = async (request: Request) => {
    if (!(await authorized(request))) {
      throw new DashboardError(
        "UNAUTHORIZED",
        "This dashboard needs a token: send `Authorization: Bearer <DASHBOARD_TOKEN>`.",
      );
    }
  };

  const route = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const { pathname } = url;
    const ack = ACK_PATH.exec(pathname);
    if (ack) {
      if (request.method !== "POST") {
        throw new DashboardError(
          "METHOD_NOT_ALLOWED",
          `${request.method} is not allowed on ${pathname}: acknowledge with POST and a JSON ` +
            'body {"by": "<who>", "note": "<optional>"}.',
          { allow: "POST" },
        );
      }
      await requireToken(request);
      return await handleAck(request, ack[1]!, deps.sources);
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      throw new DashboardError(
        "METHOD_NOT_ALLOWED",
        `${request.method} is not allowed: the dashboard only reads (GET), except ` +
          "POST /api/alerts/{alert_id}/ack.",
      );
    }
    if (pathname === "/api" || pathname.startsWith("/api/")) {
      if (request.method !== "GET") {
        throw new DashboardError("METHOD_NOT_ALLOWED", "The API answers GET only.");
      }
      await requireToken(request);
      return await handleApi(url, api);
    }
    if (pathname === "/livez") return Response.json({ status: "alive" });
    if (pathname === "/healthz") {
      const checks = await deps.sources.health();
      const ok = Object.values(checks).every((check) => check.ok);
      return Response.json({ status: ok ? "ok" : "unhealthy", checks }, {
        status: ok ? 200 : 503,
        headers: { "cache-control": "no-store" },
      });
    }
    const asset = serveAsset(deps.assets, pathname, request);
    if (asset) return asset;
    throw new DashboardError(
      "NOT_FOUND",
      `Nothing at ${pathname}: open / for the dashboard, or see docs/api.md for /api/.`,
    );
  };

  return {
    async fetch(request) {
      const started = performance.now();
      let response: Response;
      try {
        response = await route(request);
      } catch (error) {
        response = errorResponse(error, logInternal);
      }
      deps.log?.debug("request", {
        method: request.method,
        path: new URL(request.url).pathname,
        status: response.status,
        ms: Math.round(performance.now() - started),
      });
      return response;
    },
    close: () => overviews.close(),
  };
}
