/**
 * Binds the dashboard's port. Done before the database and the broker are touched, so a
 * second instance fails at once, with a message naming the setting rather than a stack.
 */
import type { DashboardConfig } from "../../shared/config/mod.ts";
import { HeartbeatError } from "../../shared/errors/mod.ts";

/** Why the dashboard could not listen. */
export class ListenError extends HeartbeatError<"PORT_TAKEN" | "ADDRESS_UNUSABLE"> {}

/** The bound port: requests wait for {@link Listener.ready}'s handler, 503 until then. */
export interface Listener {
  readonly server: Deno.HttpServer;
  /** From now on requests go to `handler`. */
  ready(handler: (request: Request) => Promise<Response>): void;
}

/**
 * Listens on `DASHBOARD_HOST:DASHBOARD_PORT` until `server.shutdown()`; before the app is
 * ready (database and broker reached), every request gets `whileStarting()`.
 */
export function listen(
  config: DashboardConfig,
  whileStarting: () => Response,
): Listener {
  let handler = (_request: Request) => Promise.resolve(whileStarting());
  try {
    const server = Deno.serve(
      { hostname: config.host, port: config.port, onListen: () => {} },
      (request) => handler(request),
    );
    return { server, ready: (next) => void (handler = next) };
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) {
      throw new ListenError(
        "PORT_TAKEN",
        `Cannot serve the dashboard on port ${config.port}: it is in use (is the dashboard already ` +
          "running?). Stop the other process or change DASHBOARD_PORT.",
        { cause: error },
      );
    }
    if (error instanceof Deno.errors.AddrNotAvailable) {
      throw new ListenError(
        "ADDRESS_UNUSABLE",
        `Cannot serve the dashboard on DASHBOARD_HOST=${config.host}: no interface of this ` +
          "machine has that address. Use 127.0.0.1 (this machine only) or 0.0.0.0 (all).",
        { cause: error },
      );
    }
    throw error;
  }
}

/** True when `host` is reachable from this machine only. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || host.startsWith("127.");
}
