/**
 * The operations endpoint each service serves: `GET /metrics` (Prometheus text format) and
 * `GET /healthz` (200 when healthy, 503 otherwise, JSON body with the checks). Built as a
 * plain `fetch` handler so tests call it without opening a port.
 */
import type { Registry } from "prom-client";
import { HeartbeatError } from "../errors/mod.ts";

/** One named check's result. */
export interface HealthCheck {
  readonly ok: boolean;
  readonly detail?: string;
}

/** What the handler needs. */
export interface OpsDeps {
  readonly registry: Registry;
  /** Current health, by check name (e.g. kafka, database). */
  readonly health: () => Record<string, HealthCheck>;
}

/** Builds the request handler. */
export function createOpsHandler(deps: OpsDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (request.method !== "GET") return new Response("method not allowed\n", { status: 405 });
    if (pathname === "/metrics") {
      return new Response(await deps.registry.metrics(), {
        headers: { "content-type": deps.registry.contentType },
      });
    }
    if (pathname === "/healthz") {
      const checks = deps.health();
      const ok = Object.values(checks).every((check) => check.ok);
      return Response.json({ status: ok ? "ok" : "unhealthy", checks }, { status: ok ? 200 : 503 });
    }
    return new Response("not found: try /metrics or /healthz\n", { status: 404 });
  };
}

/**
 * Serves the handler on host:port; returns the server so shutdown can close it. A taken
 * port is a `PORT_TAKEN` error naming `setting`, not a stack trace.
 */
export function serveOps(
  host: string,
  port: number,
  setting: string,
  deps: OpsDeps,
): Deno.HttpServer {
  try {
    return Deno.serve({ hostname: host, port, onListen: () => {} }, createOpsHandler(deps));
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) {
      throw new HeartbeatError(
        "PORT_TAKEN",
        `Port ${port} (${setting}) is already in use: stop the other process (is the service already running?) or change ${setting}.`,
        { cause: error },
      );
    }
    throw error;
  }
}
