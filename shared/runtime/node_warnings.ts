import process from "node:process";

let installed = false;

/**
 * Drops Node's `TimeoutNegativeWarning`, and only that warning. kafkajs's request queue
 * (`scheduleCheckPendingRequests`) and postgres.js's connect timer deliberately pass a
 * negative delay to `setTimeout`, relying on it being treated as 1 ms — which it is; Deno's
 * Node layer then also prints a warning on stderr each time, cluttering one-line errors
 * and logs. Idempotent; called by the Kafka and PostgreSQL adapters when they build a
 * client (never at import time).
 */
export function silenceNegativeTimeoutWarning(): void {
  if (installed) return;
  installed = true;
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  (process as { emitWarning: (...args: unknown[]) => void }).emitWarning = (...args) => {
    const [warning, typeOrOptions] = args;
    const type = typeof typeOrOptions === "string"
      ? typeOrOptions
      : (typeOrOptions as { type?: string } | undefined)?.type ??
        (warning as Error | undefined)?.name;
    if (type === "TimeoutNegativeWarning") return;
    emitWarning(...args);
  };
}
