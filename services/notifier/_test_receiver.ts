/**
 * A real local webhook receiver for tests (`Deno.serve` on a free loopback port): it
 * records every request and answers as a script says — fail the first attempts, hang, refuse
 * one key — so the notifier is tested over real HTTP.
 */

/** A request as the receiver saw it. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Headers;
  readonly body: string;
  /** 1 for the first request this receiver got. */
  readonly n: number;
}

/** Decides the answer to a request (may wait, e.g. to provoke a timeout). */
export type ReceiverScript = (request: ReceivedRequest) => Response | Promise<Response>;

/** A running receiver. */
export interface TestReceiver {
  /** `http://127.0.0.1:<port>/hook`. */
  readonly url: string;
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts a receiver; always `close()` it (in `finally`). */
export function startReceiver(script: ReceiverScript): TestReceiver {
  const requests: ReceivedRequest[] = [];
  const controller = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: controller.signal, onListen: () => {} },
    async (request) => {
      const received: ReceivedRequest = {
        method: request.method,
        path: new URL(request.url).pathname,
        headers: request.headers,
        body: await request.text(),
        n: requests.length + 1,
      };
      requests.push(received);
      return await script(received);
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}/hook`,
    requests,
    async close() {
      controller.abort();
      await server.finished;
    },
  };
}

/** Answers the requests in turn with these statuses (the last one repeats). */
export function statuses(...list: number[]): ReceiverScript {
  return (request) => {
    const status = list[Math.min(request.n, list.length) - 1] ?? 200;
    return new Response(status >= 400 ? `status ${status}` : null, { status });
  };
}
