/**
 * Delivers one notification: attempts until the receiver takes it (2xx) or refuses it for
 * good (3xx, 4xx other than 408/429), waiting between attempts per the backoff policy.
 * Temporary failures (network errors, timeouts, 408, 429, 5xx) are retried without limit:
 * the caller holds its partition meanwhile, so no later transition overtakes this one.
 * Waiting is injected (`wait`), so tests run the whole schedule without sleeping.
 */
import {
  type AttemptVerdict,
  type BackoffOptions,
  classifyStatus,
  parseRetryAfter,
  retryDelayMs,
} from "./policy.ts";
import type { Notification } from "./notification.ts";
import type { AttemptResult, SendAttempt } from "./webhook.ts";

/** How a delivery ended. */
export type DeliveryOutcome =
  | { readonly outcome: "delivered"; readonly attempts: number; readonly status: number }
  | {
    readonly outcome: "refused";
    readonly attempts: number;
    readonly status: number;
    /** The start of the receiver's answer. */
    readonly detail: string;
  }
  /** Given up before a final answer (stopping, or the partition moved): not settled. */
  | { readonly outcome: "aborted"; readonly attempts: number };

/** What {@link deliver} needs. */
export interface DeliveryDeps {
  readonly send: SendAttempt;
  readonly backoff: BackoffOptions;
  /** Waits `ms`; resolves false when the wait was cut short and delivery should stop. */
  readonly wait: (ms: number) => Promise<boolean>;
  /** Cancels an attempt in flight (shutdown). */
  readonly signal: AbortSignal;
  /** [0, 1), for jitter; Math.random by default. */
  readonly random?: () => number;
  /** ms since the epoch, for Retry-After dates; Date.now by default. */
  readonly now?: () => number;
  /** Told of every attempt and what it means (metrics, health). */
  readonly onAttempt?: (result: AttemptResult, verdict: AttemptVerdict, attempt: number) => void;
  /** Told before each wait (logs, the retry backlog). */
  readonly onRetry?: (result: AttemptResult, attempt: number, delayMs: number) => void;
}

/** Runs the attempts of one notification; see the module comment for the policy. */
export async function deliver(
  notification: Notification,
  deps: DeliveryDeps,
): Promise<DeliveryOutcome> {
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;
  for (let attempt = 1;; attempt++) {
    if (deps.signal.aborted) return { outcome: "aborted", attempts: attempt - 1 };
    const result = await deps.send(notification, deps.signal);
    if (result.kind === "aborted") return { outcome: "aborted", attempts: attempt };
    const verdict = result.kind === "response" ? classifyStatus(result.status) : "retry";
    deps.onAttempt?.(result, verdict, attempt);
    if (result.kind === "response" && verdict === "delivered") {
      return { outcome: "delivered", attempts: attempt, status: result.status };
    }
    if (result.kind === "response" && verdict === "refused") {
      return {
        outcome: "refused",
        attempts: attempt,
        status: result.status,
        detail: result.detail,
      };
    }
    const retryAfterMs = result.kind === "response"
      ? parseRetryAfter(result.retryAfter, now())
      : undefined;
    const delayMs = retryDelayMs(attempt, deps.backoff, random, retryAfterMs);
    deps.onRetry?.(result, attempt, delayMs);
    if (!(await deps.wait(delayMs))) return { outcome: "aborted", attempts: attempt };
  }
}

/** A one-line account of an attempt, for logs and health details. */
export function describeAttempt(result: AttemptResult): string {
  switch (result.kind) {
    case "response":
      return `HTTP ${result.status}${result.detail ? `: ${result.detail}` : ""}`;
    case "timeout":
      return "no answer within NOTIFIER_TIMEOUT_MS";
    case "network":
      return `network error: ${result.message}`;
    case "aborted":
      return "aborted";
  }
}
