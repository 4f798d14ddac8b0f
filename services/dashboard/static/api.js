// The page's side of the JSON API (docs/api.md): GET requests with the optional bearer
// token, the one POST (acknowledging an alert), and the live stream read with fetch —
// EventSource cannot send an Authorization header, and the token must not travel in the URL.

const TOKEN_KEY = "heartbeat-dashboard-token";

/** An error answer of the API: `{"error": {"code", "message"}}` and its status. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The token entered in this tab, or "" (kept in sessionStorage: gone with the tab). */
export function storedToken() {
  return sessionStorage.getItem(TOKEN_KEY) ?? "";
}

/** Remembers the token for this tab. */
export function storeToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

function authHeaders() {
  const token = storedToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

function urlOf(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") {
      url.searchParams.set(name, String(value));
    }
  }
  return url;
}

async function failure(response) {
  const body = await response.json().catch(() => ({}));
  return new ApiError(
    response.status,
    body?.error?.code ?? `HTTP_${response.status}`,
    body?.error?.message ?? response.statusText,
  );
}

/** GET an API path with query parameters (empty ones left out); the parsed JSON. */
export async function getJson(path, params = {}, signal = undefined) {
  const response = await fetch(urlOf(path, params), { headers: authHeaders(), signal });
  if (!response.ok) throw await failure(response);
  return await response.json();
}

/** POST a JSON body to an API path; the parsed JSON answer. */
export async function postJson(path, body, signal = undefined) {
  const response = await fetch(urlOf(path), {
    method: "POST",
    headers: { ...authHeaders(), "content-type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw await failure(response);
  return await response.json();
}

/**
 * Opens a server-sent event stream and keeps it open: it reconnects with backoff (1 s,
 * doubling, at most 15 s) after the stream ends or fails, except on 401. `onEvent(name,
 * data)` gets each event; `onState(state, error)` gets "connecting", "live", "retrying" or
 * "unauthorized". Returns the function that closes it for good.
 */
export function openStream(path, params, { onEvent, onState }) {
  const controller = new AbortController();
  let delayMs = 1000;
  const run = async () => {
    while (!controller.signal.aborted) {
      let problem;
      try {
        onState("connecting");
        const response = await fetch(urlOf(path, params), {
          headers: { ...authHeaders(), accept: "text/event-stream" },
          signal: controller.signal,
        });
        if (!response.ok) throw await failure(response);
        onState("live");
        delayMs = 1000;
        await readEvents(response.body, onEvent);
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) {
          onState("unauthorized", error);
          return;
        }
        problem = error;
      }
      if (controller.signal.aborted) return;
      onState("retrying", problem);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      delayMs = Math.min(delayMs * 2, 15_000);
    }
  };
  run();
  return () => controller.abort();
}

/**
 * Parses a `text/event-stream` body: `event:` and `data:` lines up to a blank line make one
 * event; comments (`:`) and other fields are skipped.
 */
export async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let name = "message";
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, end).replace(/\r$/, "");
      buffer = buffer.slice(end + 1);
      if (line === "") {
        if (data.length > 0) onEvent(name, data.join("\n"));
        name = "message";
        data = [];
      } else if (!line.startsWith(":")) {
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") name = text;
        else if (field === "data") data.push(text);
      }
    }
  }
}
