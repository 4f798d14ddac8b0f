import assert from "node:assert/strict";
import {
  formatSseComment,
  formatSseEvent,
  openSseStream,
  type SseEvent,
  sseResponse,
} from "./sse.ts";

Deno.test("SSE framing: fields in order, one data line per payload line, a blank line at the end", () => {
  assert.equal(formatSseEvent({ data: "{}" }), "data: {}\n\n");
  assert.equal(
    formatSseEvent({ event: "overview", id: "7", retry: 3000, data: '{"a":1}' }),
    'retry: 3000\nid: 7\nevent: overview\ndata: {"a":1}\n\n',
  );
  assert.equal(
    formatSseEvent({ event: "x", data: "one\ntwo\r\nthree\rfour" }),
    "event: x\ndata: one\ndata: two\ndata: three\ndata: four\n\n",
  );
  assert.equal(formatSseEvent({ data: "" }), "data: \n\n");
  assert.equal(formatSseComment("keep-alive"), ": keep-alive\n\n");
});

Deno.test("SSE framing: a line break in a name, id or comment, or a bad retry, is refused", () => {
  assert.throws(() => formatSseEvent({ event: "a\nb", data: "" }), RangeError);
  assert.throws(() => formatSseEvent({ id: "1\r", data: "" }), RangeError);
  assert.throws(() => formatSseEvent({ retry: -1, data: "" }), RangeError);
  assert.throws(() => formatSseEvent({ retry: 1.5, data: "" }), RangeError);
  assert.throws(() => formatSseComment("a\nb"), RangeError);
});

/** A source the test drives by hand. */
function manualSource() {
  const state = {
    send: undefined as ((event: SseEvent) => void) | undefined,
    close: undefined as (() => void) | undefined,
    unsubscribed: 0,
  };
  return {
    state,
    source: {
      subscribe(send: (event: SseEvent) => void, close: () => void) {
        state.send = send;
        state.close = close;
        return () => void state.unsubscribed++;
      },
    },
  };
}

const decoder = new TextDecoder();

Deno.test("SSE stream: announces the retry delay, then carries each event as a frame", async () => {
  const { state, source } = manualSource();
  const reader = openSseStream(source, { retryMs: 1500, keepAliveMs: 60_000 }).getReader();
  const first = decoder.decode((await reader.read()).value);
  assert.equal(first, ": heartbeat dashboard stream\n\nretry: 1500\nevent: hello\ndata: {}\n\n");
  state.send!({ event: "overview", data: '{"n":1}' });
  assert.equal(decoder.decode((await reader.read()).value), 'event: overview\ndata: {"n":1}\n\n');
  await reader.cancel();
  assert.equal(state.unsubscribed, 1, "a client that goes away unsubscribes");
});

Deno.test("SSE stream: the server side can end it (shutdown)", async () => {
  const { state, source } = manualSource();
  const reader = openSseStream(source, { keepAliveMs: 60_000 }).getReader();
  await reader.read();
  state.close!();
  assert.deepEqual(await reader.read(), { done: true, value: undefined });
  assert.equal(state.unsubscribed, 1);
  state.send!({ data: "late" }); // after the end: ignored, no throw
});

Deno.test("SSE stream: a client that does not read gets the newest frames dropped, not buffered", async () => {
  const { state, source } = manualSource();
  const stream = openSseStream(source, { keepAliveMs: 60_000, maxQueued: 2 });
  for (let i = 0; i < 50; i++) state.send!({ data: String(i) });
  const reader = stream.getReader();
  const frames: string[] = [];
  state.close!();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    frames.push(decoder.decode(next.value));
  }
  assert.ok(frames.length <= 4, `queued ${frames.length} frames`);
  assert.equal(frames[1], "data: 0\n\n", "what was queued first is kept");
});

Deno.test("SSE response: event-stream content type, not cached", () => {
  const response = sseResponse(new ReadableStream());
  assert.equal(response.headers.get("content-type"), "text/event-stream; charset=utf-8");
  assert.equal(response.headers.get("cache-control"), "no-store");
});
