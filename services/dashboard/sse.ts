/**
 * Server-sent events (the `text/event-stream` format of the HTML standard). One frame is
 * optional `retry:`, `id:` and `event:` lines, one `data:` line per line of the payload,
 * and a blank line:
 *
 * ```text
 * event: overview
 * data: {"generatedAt":"2026-11-24T10:15:02.000Z", …}
 *
 * ```
 *
 * A line starting with `:` is a comment: sent as a keep-alive, so proxies and the browser
 * see traffic on a quiet stream and a dead connection is noticed.
 */

/** One event to send. */
export interface SseEvent {
  /** Event name (the listener's type); `message` when omitted. No line breaks. */
  readonly event?: string;
  /** The payload; each of its lines becomes one `data:` line. */
  readonly data: string;
  /** Last-event id, no line breaks. */
  readonly id?: string;
  /** Reconnection delay the browser should use, in milliseconds. */
  readonly retry?: number;
}

/** The text of one frame; throws `RangeError` for a name or id with a line break. */
export function formatSseEvent(event: SseEvent): string {
  const lines: string[] = [];
  if (event.retry !== undefined) {
    if (!Number.isInteger(event.retry) || event.retry < 0) {
      throw new RangeError(`retry must be a whole number of ms, got ${event.retry}`);
    }
    lines.push(`retry: ${event.retry}`);
  }
  if (event.id !== undefined) lines.push(`id: ${singleLine("id", event.id)}`);
  if (event.event !== undefined) lines.push(`event: ${singleLine("event", event.event)}`);
  for (const line of event.data.split(/\r\n|\r|\n/)) lines.push(`data: ${line}`);
  return `${lines.join("\n")}\n\n`;
}

/** A comment frame (ignored by clients; keeps the connection busy). */
export function formatSseComment(text: string): string {
  return `: ${singleLine("comment", text)}\n\n`;
}

function singleLine(field: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new RangeError(`An SSE ${field} cannot contain a line break`);
  return value;
}

/** Where a stream's events come from. */
export interface SseSource {
  /**
   * Starts delivering events to `send` until the returned function is called; `close` ends
   * the stream from the server side (e.g. at shutdown).
   */
  subscribe(send: (event: SseEvent) => void, close: () => void): () => void;
}

/** Options of {@link openSseStream}. */
export interface SseStreamOptions {
  /** Reconnection delay announced first, in ms (default 3000). */
  readonly retryMs?: number;
  /** Comment frame interval, in ms (default 15000). */
  readonly keepAliveMs?: number;
  /** Frames queued for a client that does not read before newer ones are dropped (default 4). */
  readonly maxQueued?: number;
}

const encoder = new TextEncoder();

/**
 * A byte stream of frames from `source`. It unsubscribes when the client goes away (the
 * stream is cancelled). A client that stops reading does not make the server buffer
 * without end: once `maxQueued` frames wait, further events are dropped (each overview
 * is a full snapshot, so the next one read supersedes what was dropped).
 */
export function openSseStream(
  source: SseSource,
  options: SseStreamOptions = {},
): ReadableStream<Uint8Array> {
  let open = true;
  let unsubscribe = () => {};
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  const stop = () => {
    open = false;
    clearInterval(keepAlive);
    unsubscribe();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const push = (text: string) => {
        if (!open || (controller.desiredSize ?? 0) <= -(options.maxQueued ?? 4)) return;
        controller.enqueue(encoder.encode(text));
      };
      push(
        formatSseComment("heartbeat dashboard stream") +
          formatSseEvent({ event: "hello", data: "{}", retry: options.retryMs ?? 3000 }),
      );
      keepAlive = setInterval(
        () => push(formatSseComment("keep-alive")),
        options.keepAliveMs ?? 15_000,
      );
      unsubscribe = source.subscribe((event) => push(formatSseEvent(event)), () => {
        if (!open) return;
        stop();
        controller.close();
      });
    },
    cancel() {
      stop();
    },
  });
}

/** The response that carries an event stream. */
export function sseResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      // Reverse proxies (nginx) must pass frames on at once, not buffer them.
      "x-accel-buffering": "no",
    },
  });
}
