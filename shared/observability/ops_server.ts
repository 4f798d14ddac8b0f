/**
 * The operations endpoint each service serves, built as a plain `fetch` handler so tests
 * call it without opening a port:
 * - `GET /metrics`: Prometheus text format;
 * - `GET /livez`: 200 while the process serves requests (liveness: restart only when not);
 * - `GET /healthz`: 200 when the service can do its work (database and broker reachable,
 *   consumer running), 503 otherwise;
 * - `GET /readyz`: `/healthz` plus readiness checks such as bounded lag.
 * Health bodies are JSON: `{ status, checks: { name: { ok, detail } } }`.
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
  /** Checks that only readiness adds (e.g. lag); none when omitted. */
  readonly readiness?: () => Record<string, HealthCheck>;
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
    if (pathname === "/livez") return Response.json({ status: "alive" });
    if (pathname === "/healthz") return report(deps.health(), "unhealthy");
    if (pathname === "/readyz") {
      return report({ ...deps.health(), ...deps.readiness?.() }, "not ready");
    }
    return new Response("not found: try /metrics, /livez, /healthz or /readyz\n", {
      status: 404,
    });
  };
}

function report(checks: Record<string, HealthCheck>, failed: string): Response {
  const ok = Object.values(checks).every((check) => check.ok);
  return Response.json({ status: ok ? "ok" : failed, checks }, { status: ok ? 200 : 503 });
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
