/**
 * The notifier's batch handler: a partition's alert transitions, in offset order, one at a
 * time (so one customer's alerts reach the receiver in the order the detector decided them):
 *
 * 1. decode; a record that is not our contract goes to the invalid topic (acks=all) with
 *    its reason code, and is done;
 * 2. skip what is not a notification (pending; resolved without having fired);
 * 3. drop a repeat of a transition settled before, within the recent memory;
 * 4. deliver (see delivery.ts): retried until the receiver takes or refuses it, holding
 *    the partition meanwhile (partition_hold.ts: heartbeating, so the group keeps it here,
 *    and letting go at shutdown or on a rebalance); a refusal goes to
 *    the dead-letter topic (acks=all), never dropped;
 * 5. once every record is settled, report `done`: the loop resolves the offsets and kafkajs
 *    commits them right after the batch. Offsets are committed only past settled records
 *    (at-least-once); a repeat after a crash carries the same Idempotency-Key.
 *
 * When waiting is cut short (shutdown, or a failed heartbeat: the partition may be moving),
 * the batch ends `done` up to the first unsettled record, which is fetched again later.
 * A failing publish (broker down) throws: kafkajs retries the batch from its first
 * unresolved record, and the memory drops the transitions already delivered.
 */
import type {
  BatchContext,
  BatchHandler,
  BatchResult,
  PartitionBatch,
  RawRecord,
} from "../../shared/kafka/mod.ts";
import type { Logger } from "../../shared/observability/mod.ts";
import { dlqMessage, invalidMessage, type OutboundMessage } from "../consumer/routing.ts";
import { decodeAlertRecord } from "./alert_record.ts";
import { deliver, describeAttempt } from "./delivery.ts";
import { holdingDeps } from "./partition_hold.ts";
import { attemptLabel, type NotifierMetrics } from "./metrics.ts";
import { decideNotification, type Notification } from "./notification.ts";
import type { BackoffOptions } from "./policy.ts";
import type { RecentKeys } from "./recent_keys.ts";
import type { SendAttempt } from "./webhook.ts";
import type { WebhookHealth } from "./webhook_health.ts";

/** What the handler needs. */
export interface NotifierHandlerDeps {
  /** The consumer group, recorded in routed records. */
  readonly group: string;
  readonly topics: { readonly invalid: string; readonly dlq: string };
  /** Produces with acks=all; resolves once the broker confirmed every message. */
  readonly publish: (topic: string, messages: OutboundMessage[]) => Promise<void>;
  readonly send: SendAttempt;
  readonly backoff: BackoffOptions;
  readonly recent: RecentKeys;
  readonly health: WebhookHealth;
  readonly metrics: NotifierMetrics;
  readonly log: Logger;
  /** Aborted at shutdown: attempts in flight and waits end at once. */
  readonly signal: AbortSignal;
  /** Sleeps `ms` or until `signal` aborts (injected so tests never sleep for real). */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Longest single sleep between heartbeats while waiting to retry (ms). */
  readonly heartbeatEveryMs: number;
  readonly random?: () => number;
  readonly now?: () => number;
}

/** Builds the handler for `startPartitionConsumer`. */
export function createNotifierHandler(deps: NotifierHandlerDeps): BatchHandler {
  const now = deps.now ?? Date.now;
  return async (batch: PartitionBatch, context: BatchContext): Promise<BatchResult> => {
    const partition = String(batch.partition);
    const source = (record: RawRecord) => ({
      topic: batch.topic,
      partition: batch.partition,
      record,
    });
    for (const [index, record] of batch.records.entries()) {
      const verdict = decodeAlertRecord(record);
      if (!verdict.ok) {
        await deps.publish(deps.topics.invalid, [
          invalidMessage(
            source(record),
            verdict.reason,
            verdict.message,
            deps.group,
            new Date(now()),
          ),
        ]);
        deps.metrics.invalid.inc({ reason: verdict.reason });
        deps.metrics.notifications.inc({ outcome: "invalid" });
        deps.log.warn("record is not an alert transition: sent to the invalid topic", {
          partition: batch.partition,
          offset: record.offset,
          reason: verdict.reason,
          message: verdict.message,
        });
        continue;
      }
      const decision = decideNotification(verdict.event);
      if (!decision.notify) {
        deps.metrics.notifications.inc({ outcome: "skipped" });
        continue;
      }
      const notification = decision.notification;
      if (deps.recent.has(notification.idempotencyKey)) {
        deps.metrics.notifications.inc({ outcome: "duplicate" });
        deps.log.debug("repeat of a settled transition dropped", {
          key: notification.idempotencyKey,
          offset: record.offset,
        });
        continue;
      }
      const behind = batch.records.length - index;
      const started = now();
      const outcome = await deliver(notification, {
        ...holdingDeps(
          { ...deps, waited: (seconds) => deps.metrics.waitSeconds.inc(seconds) },
          context,
          deps.sleep,
        ),
        onAttempt: (result, attemptVerdict) => {
          deps.metrics.attempts.inc({ result: attemptLabel(result) });
          if (attemptVerdict === "retry") deps.health.failed(describeAttempt(result));
          else deps.health.answered();
          deps.metrics.failuresInARow.set(deps.health.failures);
        },
        onRetry: (result, attempt, delayMs) => {
          deps.metrics.retryBacklog.set({ partition }, behind);
          deps.log.warn("webhook attempt failed: retrying", {
            key: notification.idempotencyKey,
            partition: batch.partition,
            offset: record.offset,
            attempt,
            delayMs,
            failure: describeAttempt(result),
          });
        },
      });
      deps.metrics.retryBacklog.set({ partition }, 0);
      if (outcome.outcome === "aborted") {
        deps.log.info("delivery interrupted: the transition will be fetched again", {
          key: notification.idempotencyKey,
          partition: batch.partition,
          offset: record.offset,
        });
        return { kind: "done", nextOffset: record.offset };
      }
      const seconds = Math.max(0, now() - started) / 1000;
      deps.metrics.deliverySeconds.observe({ outcome: outcome.outcome }, seconds);
      if (outcome.outcome === "refused") {
        await deadLetter(deps, source(record), notification, outcome, now());
      } else {
        deps.metrics.alertToNotified.observe(Math.max(0, now() - record.timestampMs) / 1000);
        deps.log.info("alert notified", {
          key: notification.idempotencyKey,
          event: notification.kind,
          customer: notification.customerId,
          attempts: outcome.attempts,
        });
      }
      deps.recent.add(notification.idempotencyKey);
      deps.metrics.notifications.inc({ outcome: outcome.outcome });
    }
    return { kind: "done", nextOffset: batch.records[batch.records.length - 1]!.offset + 1n };
  };
}

/** Publishes a refused transition to the dead-letter topic, with why. */
async function deadLetter(
  deps: NotifierHandlerDeps,
  source: { topic: string; partition: number; record: RawRecord },
  notification: Notification,
  outcome: { attempts: number; status: number; detail: string },
  nowMs: number,
): Promise<void> {
  const error = {
    name: "WebhookRefusedError",
    code: `WEBHOOK_REFUSED_${outcome.status}`,
    message: `ALERT_WEBHOOK_URL answered ${outcome.status} to ${notification.kind} ` +
      `${notification.idempotencyKey}${outcome.detail ? ` (${outcome.detail})` : ""}: a final ` +
      "refusal (a 3xx or a 4xx other than 408/429), so it is not retried; fix the receiver " +
      "or its settings, then re-send it from here",
  };
  await deps.publish(deps.topics.dlq, [
    dlqMessage(source, error, outcome.attempts, deps.group, new Date(nowMs)),
  ]);
  deps.metrics.dlq.inc();
  deps.log.error("webhook refused a notification: sent to the dead-letter topic", {
    key: notification.idempotencyKey,
    partition: source.partition,
    offset: source.record.offset,
    status: outcome.status,
    detail: outcome.detail,
  });
}
