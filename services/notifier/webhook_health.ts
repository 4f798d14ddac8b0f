/**
 * The receiver's health as /healthz reports it: unhealthy once NOTIFIER_UNHEALTHY_AFTER
 * attempts in a row failed temporarily (the notifier is then holding alerts back), healthy
 * again at the first final answer. A refusal (4xx) is a final answer: the receiver is up,
 * it disliked one request, and that request went to the dead-letter topic.
 */
import type { HealthCheck } from "../../shared/observability/mod.ts";

/** Tracks failures in a row across all partitions. */
export class WebhookHealth {
  readonly #threshold: number;
  readonly #now: () => number;
  #failures = 0;
  #since = 0;
  #last = "";

  /** Unhealthy from `threshold` failed attempts in a row; `now` in ms (for the detail). */
  constructor(threshold: number, now: () => number = Date.now) {
    this.#threshold = threshold;
    this.#now = now;
  }

  /** A temporary failure (network error, timeout, 408, 429, 5xx), described for the detail. */
  failed(description: string): void {
    if (this.#failures === 0) this.#since = this.#now();
    this.#failures++;
    this.#last = description;
  }

  /** A final answer (2xx, or a refusal): the receiver is reachable. */
  answered(): void {
    this.#failures = 0;
    this.#last = "";
  }

  /** Failed attempts since the last final answer. */
  get failures(): number {
    return this.#failures;
  }

  /** The /healthz check. */
  check(): HealthCheck {
    if (this.#failures < this.#threshold) return { ok: true, detail: "" };
    const forS = Math.round((this.#now() - this.#since) / 1000);
    return {
      ok: false,
      detail: `${this.#failures} attempts in a row failed over ${forS} s ` +
        `(NOTIFIER_UNHEALTHY_AFTER=${this.#threshold}); last: ${this.#last}; ` +
        "alerts are held back and retried in order",
    };
  }
}
