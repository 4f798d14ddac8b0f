/**
 * What a Kafka-consuming service does when its consumer loop crashes: the consumer health
 * check says why, the log says it, and when kafkajs will not restart the loop the process
 * exits 1 — a live process that consumes nothing would hide it; a supervisor (or an
 * operator) restarts it and progress resumes from where it was committed.
 */
import type { HealthCheck, Logger } from "../observability/mod.ts";

/** The `crashed` event handler for `startPartitionConsumer`. */
export function onConsumerCrash(
  log: Logger,
  setHealth: (check: HealthCheck) => void,
  exit: (code: number) => void = Deno.exit,
): (error: unknown, restarting: boolean) => void {
  return (error, restarting) => {
    setHealth({
      ok: false,
      detail: `${restarting ? "restarting after" : "stopped by"}: ${
        String((error as Error)?.message ?? error)
      }`,
    });
    log.error("consumer crashed", { error, restarting });
    if (!restarting) {
      log.error("the consumer will not restart by itself: exiting with status 1");
      exit(1);
    }
  };
}
