/**
 * The delivery policy, pure: which answers of the receiver are final, how long to wait
 * before the next attempt, and what a `Retry-After` header asks for. No I/O, no clock: the
 * time and the randomness are parameters.
 */

/** What an attempt's outcome means for the transition. */
export type AttemptVerdict =
  /** 2xx: the receiver has it. */
  | "delivered"
  /** Network error, timeout, 408, 429 or 5xx: the receiver may take it later. */
  | "retry"
  /** Any other status (3xx, 4xx): the receiver will never take it as sent. */
  | "refused";

/**
 * Classifies an HTTP status. 408 (request timeout) and 429 (too many requests) are the
 * 4xx that say "later", so they are retried with the 5xx; every other 4xx is the receiver
 * refusing this request for good (bad payload, bad signature, wrong path), and so is a 3xx,
 * because redirects are not followed (a signed alert must not be re-sent to a host nobody
 * configured).
 */
export function classifyStatus(status: number): AttemptVerdict {
  if (status >= 200 && status <= 299) return "delivered";
  if (status === 408 || status === 429 || (status >= 500 && status <= 599)) return "retry";
  return "refused";
}

/** Bounds of the retry delays. */
export interface BackoffOptions {
  /** Delay after the first failed attempt, before jitter (ms). */
  readonly initialMs: number;
  /** No delay is longer, Retry-After included (ms). */
  readonly maxMs: number;
}

/**
 * The wait after the `failures`-th failed attempt in a row (1 = after the first): the
 * exponential step `initialMs × 2^(failures−1)`, capped at `maxMs`, with "equal jitter" —
 * a uniform draw in [step/2, step] — so many notifiers retrying one receiver spread out
 * but the delay still grows. A `Retry-After` from the receiver is a floor (never retry
 * earlier than asked), yet the cap still holds, so one receiver's "come back tomorrow"
 * cannot stall a partition longer than `maxMs` between tries. `random` returns [0, 1).
 */
export function retryDelayMs(
  failures: number,
  options: BackoffOptions,
  random: () => number,
  retryAfterMs?: number,
): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 52);
  const step = Math.min(options.maxMs, options.initialMs * 2 ** exponent);
  const jittered = step / 2 + random() * (step / 2);
  const floor = retryAfterMs ?? 0;
  return Math.round(Math.min(options.maxMs, Math.max(jittered, floor)));
}

/**
 * Reads a `Retry-After` header (RFC 9110 §10.2.3): delay-seconds (`120`) or an HTTP-date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`), as milliseconds from `nowMs` (never negative).
 * Undefined when absent or unreadable, and the caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (!/[a-z]/i.test(text) || Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
