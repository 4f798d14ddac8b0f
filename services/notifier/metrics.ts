/**
 * Every metric name of the notifier, in one file (its own registry, served on /metrics),
 * as the maintainer keeps its own. `heartbeat_invalid_total`, `heartbeat_dlq_total` and
 * `heartbeat_consumer_lag` mean what they mean for the other services, so dashboards that
 * sum them by `service` include the notifier.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { routingMetrics } from "../../shared/observability/mod.ts";

/** Seconds, from a fast receiver's few ms to an outage of an hour. */
const DELIVERY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/** How a transition read from the alerts topic ended (label `outcome`). */
export const NOTIFICATION_OUTCOMES = [
  "delivered", // the receiver answered 2xx
  "refused", // a final 3xx/4xx: sent to the dead-letter topic
  "duplicate", // settled before, within the notifier's memory: not POSTed again
  "skipped", // not a notification (pending, or resolved without having fired)
  "invalid", // not our contract: sent to the invalid topic
] as const;

/** Creates the registry and the metrics in it. */
export function createNotifierMetrics() {
  const registry = new Registry();
  registry.setDefaultLabels({ service: "notifier" });
  const registers = [registry];
  return {
    registry,
    notifications: new Counter({
      name: "heartbeat_notifications_total",
      help:
        "Alert transitions read, by outcome: delivered, refused (dead-lettered), duplicate, skipped, invalid.",
      labelNames: ["outcome"],
      registers,
    }),
    attempts: new Counter({
      name: "heartbeat_webhook_attempts_total",
      help: "POSTs to the webhook by result: 2xx, 3xx, 4xx, 408, 429, 5xx, timeout, network_error.",
      labelNames: ["result"],
      registers,
    }),
    deliverySeconds: new Histogram({
      name: "heartbeat_webhook_delivery_seconds",
      help: "From a notification's first attempt to its final answer, retries and waits included.",
      labelNames: ["outcome"],
      buckets: DELIVERY_BUCKETS,
      registers,
    }),
    alertToNotified: new Histogram({
      name: "heartbeat_alert_to_notified_seconds",
      help: "From the transition's Kafka timestamp (detector publish time) to its 2xx answer.",
      buckets: DELIVERY_BUCKETS,
      registers,
    }),
    retryBacklog: new Gauge({
      name: "heartbeat_webhook_retry_backlog",
      help:
        "Records held in this process while a delivery is retried: the one retried and those behind it in its batch, by partition.",
      labelNames: ["partition"],
      registers,
    }),
    failuresInARow: new Gauge({
      name: "heartbeat_webhook_consecutive_failures",
      help: "Attempts in a row that failed temporarily (0 once the receiver answers).",
      registers,
    }),
    waitSeconds: new Counter({
      name: "heartbeat_webhook_wait_seconds_total",
      help: "Time spent waiting to retry a failing webhook (partitions held, nothing skipped).",
      registers,
    }),
    ...routingMetrics(registers),
  };
}

/** The notifier's metrics. */
export type NotifierMetrics = ReturnType<typeof createNotifierMetrics>;

/** The `result` label of an attempt. */
export function attemptLabel(
  result: { kind: "response"; status: number } | { kind: "timeout" | "network" | "aborted" },
): string {
  if (result.kind === "timeout") return "timeout";
  if (result.kind !== "response") return "network_error";
  const { status } = result;
  if (status === 408 || status === 429) return String(status);
  return `${Math.floor(status / 100)}xx`;
}
