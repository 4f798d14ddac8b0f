/**
 * Simulated readings for the ceilings, from the same simulator the producer runs: so
 * ProducerPerformance sends our record values and COPY stores our rows. Valid readings
 * only (a payload file is split on newlines, and malformed records may contain any byte).
 */
import { createSimulator, type SimRecord } from "../../shared/simulator/mod.ts";

/** Who is simulated and for how long (1 Hz per customer, in simulated time). */
export interface SampleOptions {
  readonly customers: number;
  readonly seconds: number;
  readonly seed: number;
}

/** Each simulated second's valid records, in the order the producer would send them. */
export function* simulatedSeconds(options: SampleOptions): Generator<SimRecord[]> {
  const startMs = Date.UTC(2026, 0, 1);
  const simulator = createSimulator({
    startMs,
    seed: options.seed,
    customers: options.customers,
    invalidRate: 0,
  });
  for (let second = 1; second <= options.seconds; second++) {
    yield simulator.nextBatch(startMs + second * 1000);
  }
}

/** The first `count` record values as text, one per line (ProducerPerformance's payload file). */
export function payloadLines(options: SampleOptions, count: number): string {
  const decoder = new TextDecoder();
  const lines: string[] = [];
  for (const records of simulatedSeconds(options)) {
    for (const record of records) {
      if (lines.length >= count) break;
      lines.push(decoder.decode(record.value));
    }
    if (lines.length >= count) break;
  }
  return lines.join("\n") + "\n";
}
