/**
 * The producer's loop: take what the simulator generated up to "now", send it in chunks,
 * count only what the broker confirmed. Paced mode follows the wall clock (the simulator's
 * time is real time); `rate 0` runs as fast as the broker confirms, with simulated time
 * running ahead from a start in the past (so readings stay valid: never in the future).
 * A slow broker slows the loop down (each send is awaited), which is the backpressure; a
 * step never covers more than `stepMs` of simulated time, so memory stays bounded when the
 * broker is slower than the rate asked for.
 */
import type { SimRecord, Simulator } from "../../shared/simulator/mod.ts";

/** Where records go: resolves once the broker confirmed all of them. */
export type SendRecords = (records: SimRecord[]) => Promise<void>;

/** Counters the loop keeps (the progress readout and metrics read them). */
export interface SendCounters {
  generated: number;
  generatedInvalid: number;
  confirmed: number;
  failed: number;
}

/** What the loop needs. */
export interface SendLoopOptions {
  readonly simulator: Simulator;
  readonly send: SendRecords;
  /** Most records per send. */
  readonly batchMax: number;
  /** true: as fast as the broker confirms; false: paced by the wall clock. */
  readonly unpaced: boolean;
  /** Most simulated time per step, ms (bounds the records held in memory at once). */
  readonly stepMs: number;
  /** Stop once simulated time reaches this (ms since epoch); Infinity = never. */
  readonly untilMs: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly shouldStop: () => boolean;
  readonly onError: (error: unknown, records: number) => void;
  readonly counters: SendCounters;
  /** Pause between paced steps, ms. */
  readonly tickMs?: number;
}

/** Runs until `shouldStop()` or `untilMs`; resolves after the last send settled. */
export async function runSendLoop(options: SendLoopOptions): Promise<void> {
  const { simulator, counters } = options;
  let simulatedNow = options.unpaced ? simulator.options.startMs : options.now();
  while (!options.shouldStop() && simulatedNow < options.untilMs) {
    // One step covers at most `stepMs` of simulated time, paced or not: a producer that
    // cannot keep up with its rate falls behind the clock (its achieved rate shows it)
    // instead of generating the whole shortfall at once and holding it in memory.
    simulatedNow = Math.min(
      simulatedNow + options.stepMs,
      options.now(),
      options.untilMs,
    );
    const records = simulator.nextBatch(simulatedNow);
    counters.generated += records.length;
    counters.generatedInvalid += records.filter((r) => r.truth.kind === "invalid").length;
    for (let i = 0; i < records.length; i += options.batchMax) {
      const chunk = records.slice(i, i + options.batchMax);
      try {
        await options.send(chunk);
        counters.confirmed += chunk.length;
      } catch (error) {
        counters.failed += chunk.length;
        options.onError(error, chunk.length);
      }
    }
    if (!options.unpaced || simulatedNow >= options.now()) {
      await options.sleep(options.tickMs ?? 50);
    }
  }
}
