/**
 * The HTTP adapter: one POST of one notification to ALERT_WEBHOOK_URL, with a time limit,
 * reported as a value (an answer, a timeout, a network error) rather than thrown, so the
 * delivery loop decides what each means. Headers of every attempt:
 *
 * - `Content-Type: application/json`
 * - `Idempotency-Key: <alert_id>:<seq>` — the same on every retry and re-delivery
 * - `Heartbeat-Event: alert.firing` / `alert.resolved`
 * - `Heartbeat-Signature: t=…,v1=…` when ALERT_WEBHOOK_SECRET is set (see signature.ts)
 * - `User-Agent: heartbeat-notifier/1`
 *
 * Redirects are not followed (a 3xx is a refusal, see policy.ts).
 */
import { describeCause } from "../../shared/errors/mod.ts";
import type { Notification } from "./notification.ts";
import { SIGNATURE_HEADER, signPayload } from "./signature.ts";

/** What one attempt gave. */
export type AttemptResult =
  | {
    readonly kind: "response";
    readonly status: number;
    /** The `Retry-After` header, as sent. */
    readonly retryAfter: string | null;
    /** The start of the body, for logs and the dead-letter record (at most 256 characters). */
    readonly detail: string;
  }
  /** No full answer within the time limit. */
  | { readonly kind: "timeout" }
  /** Connection refused or reset, DNS failure, TLS error, … */
  | { readonly kind: "network"; readonly message: string }
  /** The caller gave up (shutdown): the receiver may or may not have it. */
  | { readonly kind: "aborted" };

/** Makes one attempt; `signal` cancels it (shutdown). */
export type SendAttempt = (
  notification: Notification,
  signal: AbortSignal,
) => Promise<AttemptResult>;

/** Options of {@link createWebhookSender}. */
export interface WebhookSenderOptions {
  readonly url: string;
  readonly secret?: string;
  /** Time limit of one attempt, answer and body included (ms). */
  readonly timeoutMs: number;
  /** The fetch to use (tests may wrap it); the global one by default. */
  readonly fetch?: typeof fetch;
  /** The clock for signatures, ms since the epoch. */
  readonly now?: () => number;
}

const DETAIL_MAX_CHARS = 256;
const DETAIL_MAX_BYTES = 4096;

/** Builds the attempt function for one webhook. */
export function createWebhookSender(options: WebhookSenderOptions): SendAttempt {
  const fetchFn = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const parsed = new URL(options.url);
  const redacted = `${parsed.protocol}//${parsed.host}/…`;
  return async (notification, signal) => {
    const headers = new Headers({
      "content-type": "application/json",
      "idempotency-key": notification.idempotencyKey,
      "heartbeat-event": notification.kind,
      "user-agent": "heartbeat-notifier/1",
    });
    if (options.secret !== undefined) {
      headers.set(
        SIGNATURE_HEADER,
        await signPayload(options.secret, now() / 1000, notification.body),
      );
    }
    const timeout = AbortSignal.timeout(options.timeoutMs);
    try {
      const response = await fetchFn(options.url, {
        method: "POST",
        headers,
        body: notification.body,
        redirect: "manual",
        signal: AbortSignal.any([signal, timeout]),
      });
      const ok = response.status >= 200 && response.status <= 299;
      return {
        kind: "response",
        status: response.status,
        retryAfter: response.headers.get("retry-after"),
        detail: ok ? await discard(response) : await readDetail(response),
      };
    } catch (error) {
      if (signal.aborted) return { kind: "aborted" };
      if (timeout.aborted) return { kind: "timeout" };
      // A host outside --allow-net is a setup error, not an outage: retrying cannot help.
      if (error instanceof Deno.errors.NotCapable) throw error;
      // Fetch errors quote the URL, whose path is often a token: keep only scheme and host.
      const message = describeCause(rootCause(error)).replaceAll(options.url, redacted);
      return { kind: "network", message };
    }
  };
}

/**
 * The start of an answer's body, read within the attempt's time limit and never more than
 * a few KiB of it (a receiver may answer with a whole HTML page); the rest is discarded.
 */
async function readDetail(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < DETAIL_MAX_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // a body cut short still has its start
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  const flat = new TextDecoder().decode(bytes).replace(/\s+/g, " ").trim();
  return flat.length > DETAIL_MAX_CHARS ? `${flat.slice(0, DETAIL_MAX_CHARS)}…` : flat;
}

/** Frees the connection of an answer whose body is not needed. */
async function discard(response: Response): Promise<string> {
  await response.body?.cancel().catch(() => {});
  return "";
}

function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    const inner = (current as { cause?: unknown } | undefined)?.cause;
    if (inner === undefined) break;
    current = inner;
  }
  return current;
}
