/** Helpers shared by the simulator's tests (not part of the public surface). */
import type { Simulator } from "./simulator.ts";
import type { SimRecord } from "./record.ts";

/** A fixed simulated start: 2026-11-24T10:00:00.000Z. */
export const START_MS = Date.parse("2026-11-24T10:00:00.000Z");

/** Every record up to `START_MS + durationMs`, fetched `stepMs` at a time. */
export function runFor(sim: Simulator, durationMs: number, stepMs = 1000): SimRecord[] {
  const records: SimRecord[] = [];
  for (let t = START_MS + stepMs; t <= START_MS + durationMs; t += stepMs) {
    for (const record of sim.nextBatch(t)) records.push(record);
  }
  return records;
}

/** The customer a record belongs to, valid or not. */
export function customerOf(record: SimRecord): string {
  return record.truth.kind === "valid" ? record.truth.event.customer_id : record.truth.customerId;
}

/** Records grouped by customer, each group in emission order. */
export function byCustomer(records: readonly SimRecord[]): Map<string, SimRecord[]> {
  const groups = new Map<string, SimRecord[]>();
  for (const record of records) {
    const id = customerOf(record);
    const group = groups.get(id);
    if (group) group.push(record);
    else groups.set(id, [record]);
  }
  return groups;
}

/** Options that switch every episode kind off. */
export const NO_EPISODES = {
  bradycardia: { rate: 0 },
  tachycardia: { rate: 0 },
  spike: { rate: 0 },
  dropout: { rate: 0 },
} as const;

/** One line per record: time, key, value bytes (hex) and truth, for exact comparisons. */
export function fingerprint(record: SimRecord): string {
  const hex = Array.from(record.value, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${record.timestampMs} ${record.key} ${hex} ${JSON.stringify(record.truth)}`;
}

/**
 * Fails unless both lists hold the same records, byte for byte, naming the first
 * difference (a plain deepEqual on 100k records would print an enormous diff).
 */
export function assertSameRecords(
  actual: readonly SimRecord[],
  expected: readonly SimRecord[],
): void {
  const length = Math.max(actual.length, expected.length);
  for (let i = 0; i < length; i++) {
    const a = actual[i] ? fingerprint(actual[i]!) : "(none)";
    const e = expected[i] ? fingerprint(expected[i]!) : "(none)";
    if (a !== e) {
      throw new Error(
        `records differ at #${i} of ${actual.length} vs ${expected.length}:\n  ${a}\n  ${e}`,
      );
    }
  }
}
