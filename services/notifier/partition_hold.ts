/**
 * How a delivery holds its partition while it retries: attempts and waits heartbeat every
 * `heartbeatEveryMs`, so the consumer group keeps the partition with this member, and a
 * wait ends early — the delivery then stops unsettled — at shutdown (`signal`), when the
 * consumer stops, or when a heartbeat fails (a rebalance: the partition may be moving).
 */
import type { BatchContext } from "../../shared/kafka/mod.ts";
import type { DeliveryDeps } from "./delivery.ts";
import type { BackoffOptions } from "./policy.ts";
import type { SendAttempt } from "./webhook.ts";

/** What holding needs from the handler. */
export interface HoldingOptions {
  readonly send: SendAttempt;
  readonly backoff: BackoffOptions;
  /** Aborted at shutdown: attempts in flight and waits end at once. */
  readonly signal: AbortSignal;
  /** Longest time without a heartbeat (ms). */
  readonly heartbeatEveryMs: number;
  readonly random?: () => number;
  readonly now?: () => number;
  /** Told how long each wait lasted (seconds), for the metrics. */
  readonly waited: (seconds: number) => void;
}

/**
 * The delivery's attempts and waits, heartbeating every `heartbeatEveryMs` throughout so the
 * group keeps the partition here: waits are slept in slices with a heartbeat after each.
 */
export function holdingDeps(
  deps: HoldingOptions,
  context: BatchContext,
  sleep: (ms: number, signal: AbortSignal) => Promise<void> = abortableSleep,
): Omit<DeliveryDeps, "onAttempt" | "onRetry"> {
  return {
    // kafkajs heartbeats only when asked: keep asking while a slow attempt is in flight too
    // (NOTIFIER_TIMEOUT_MS may exceed the session timeout).
    send: async (notification, signal) => {
      const timer = setInterval(() => {
        context.heartbeat().catch(() => {}); // a rebalance shows at the next wait
      }, deps.heartbeatEveryMs);
      try {
        return await deps.send(notification, signal);
      } finally {
        clearInterval(timer);
      }
    },
    backoff: deps.backoff,
    signal: deps.signal,
    random: deps.random,
    now: deps.now,
    wait: async (ms) => {
      const started = performance.now();
      try {
        for (let waited = 0; waited < ms;) {
          if (deps.signal.aborted || !context.isRunning()) return false;
          const slice = Math.min(deps.heartbeatEveryMs, ms - waited);
          await sleep(slice, deps.signal);
          waited += slice;
          // A heartbeat that fails means a rebalance (or a lost coordinator): stop holding
          // the partition, which may belong to another member by now.
          await context.heartbeat();
        }
        return !deps.signal.aborted && context.isRunning();
      } catch {
        return false;
      } finally {
        deps.waited((performance.now() - started) / 1000);
      }
    },
  };
}

/** setTimeout as a promise that settles early when `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
