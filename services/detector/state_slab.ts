/**
 * Everything the detector keeps in memory per customer, for both engines, with no object
 * per customer: one fixed-size record in chunked byte slabs, the partition and the next
 * timer deadline beside it in typed arrays, and an id → slot index (`_slot_index.ts`).
 *
 * Record layout (`alertBytes` + {@link CUSTOMER_STATE_BYTES} bytes):
 *
 * |     offset |      bytes | field                                                      |
 * |-----------:|-----------:|------------------------------------------------------------|
 * |          0 | alertBytes | the alert engine's record (shared/alerts: 112 bytes today) |
 * | alertBytes |         68 | the rule engine's CustomerState (customer_state_bytes.ts)  |
 *
 * Beside it, per slot: the Kafka partition the customer's readings arrive on (u16) and the
 * alert timer's next deadline in whole seconds, rounded down (u32; 2^32 - 1 = none, also
 * for a free slot). Rounding down makes {@link StateSlab.due} a scan of 4-byte values that
 * never misses a customer; for the few candidates of the current second the exact deadline
 * is recomputed from the record, so no timer is listed early nor later than with ms.
 *
 * Records are copied in and out (a decoded CustomerState is a new object; {@link
 * StateSlab.copyAlert} a new array; `put` copies), so a batch works on copies and only a
 * committed transaction changes the slab. Chunks of {@link CHUNK_SLOTS} slots are added as
 * customers arrive, so at most one chunk is ever unused and growing copies nothing.
 */
import {
  CUSTOMER_STATE_BYTES,
  type CustomerState,
  decodeCustomerState,
  encodeCustomerState,
} from "../../shared/rules/mod.ts";
import { createSlotIndex, KEY_CHUNK_SLOTS } from "./_slot_index.ts";

/** The detector's per-customer state: rule state, alert record, partition, timer. */
export interface StateSlab {
  /** Customers held. */
  readonly size: number;
  /** Whether the customer is held. */
  has(customerId: string): boolean;
  /** The customer's rule state (a new object), or undefined when not held. */
  ruleState(customerId: string): CustomerState | undefined;
  /** A copy of the customer's alert record, or undefined when not held. */
  copyAlert(customerId: string): Uint8Array | undefined;
  /**
   * Stores copies of both parts of the customer's state, with its partition. Returns false,
   * and no longer holds the customer, when the rule state cannot be held exactly (see
   * `encodeCustomerState`); the caller then reads it from the database each time.
   */
  put(customerId: string, state: CustomerState, alert: Uint8Array, partition: number): boolean;
  /** Replaces a held customer's alert record (a timer changed it); false when not held. */
  putAlert(customerId: string, alert: Uint8Array): boolean;
  /** Drops every customer of these partitions (they moved to another member). */
  dropPartitions(partitions: ReadonlySet<number>): void;
  /** Drops everything (the memory stays allocated for the next customers). */
  clear(): void;
  /** Customers of `partition` whose timer deadline is at or before `nowMs`, in slot order. */
  due(partition: number, nowMs: number): string[];
  /** The partitions with a customer whose deadline is at or before `nowMs` (one pass). */
  duePartitions(nowMs: number): Set<number>;
  /** Bytes the slab allocates: chunks, index table, id references (not the id strings). */
  readonly bytes: number;
}

/** Slots per chunk (184 kB of records with the 112-byte alert record). */
export const CHUNK_SLOTS = KEY_CHUNK_SLOTS;
const CHUNK_BITS = Math.log2(CHUNK_SLOTS);
const CHUNK_MASK = CHUNK_SLOTS - 1;
const NEVER = 0xffffffff;
const MAX_PARTITION = 0xffff;

interface Chunk {
  readonly records: Uint8Array;
  readonly partitions: Uint16Array;
  /** Seconds since the epoch, rounded down; NEVER for none. */
  readonly deadlines: Uint32Array;
}

/**
 * Creates an empty slab for alert records of `alertBytes` bytes; `deadlineOf(alert)` is
 * the alert engine's next timer deadline for a record, ms since the epoch or Infinity.
 */
export function createStateSlab(
  alertBytes: number,
  deadlineOf: (alert: Uint8Array) => number,
): StateSlab {
  if (!Number.isInteger(alertBytes) || alertBytes <= 0) {
    throw new RangeError(`alertBytes must be a positive integer, got ${alertBytes}`);
  }
  const recordBytes = alertBytes + CUSTOMER_STATE_BYTES;
  const index = createSlotIndex();
  const chunks: Chunk[] = [];
  const free: number[] = [];
  let used = 0;

  const chunkOf = (slot: number) => chunks[slot >>> CHUNK_BITS]!;
  const offsetOf = (slot: number) => (slot & CHUNK_MASK) * recordBytes;

  /** The record's deadline as stored (checked before anything changes). */
  const deadlineSecOf = (alert: Uint8Array): number => {
    if (alert.length !== alertBytes) {
      throw new RangeError(`an alert record has ${alertBytes} bytes, got ${alert.length}`);
    }
    const ms = deadlineOf(alert);
    if (Number.isNaN(ms)) throw new RangeError("Cannot store a timer deadline of NaN");
    return ms >= NEVER * 1000 ? NEVER : Math.max(0, Math.floor(ms / 1000));
  };

  const allocate = (): number => {
    const reused = free.pop();
    if (reused !== undefined) return reused;
    if (used === chunks.length * CHUNK_SLOTS) {
      chunks.push({
        records: new Uint8Array(CHUNK_SLOTS * recordBytes),
        partitions: new Uint16Array(CHUNK_SLOTS),
        deadlines: new Uint32Array(CHUNK_SLOTS).fill(NEVER),
      });
    }
    return used++;
  };

  const release = (slot: number) => {
    chunkOf(slot).deadlines[slot & CHUNK_MASK] = NEVER;
    free.push(slot);
  };

  /**
   * Calls `visit(slot, partition)` for every customer whose deadline is at or before `nowMs`:
   * a scan of the seconds, then the exact deadline of the candidates of the current second.
   */
  const scanDue = (nowMs: number, visit: (slot: number, partition: number) => void) => {
    const sec = Math.floor(nowMs / 1000);
    for (let c = 0; c < chunks.length; c++) {
      const { records, deadlines, partitions } = chunks[c]!;
      const end = Math.min(CHUNK_SLOTS, used - c * CHUNK_SLOTS);
      for (let i = 0; i < end; i++) {
        const deadline = deadlines[i]!;
        if (deadline > sec || deadline === NEVER) continue;
        const at = i * recordBytes;
        if (deadline < sec || deadlineOf(records.subarray(at, at + alertBytes)) <= nowMs) {
          visit(c * CHUNK_SLOTS + i, partitions[i]!);
        }
      }
    }
  };

  return {
    get size() {
      return index.size;
    },
    has: (customerId) => index.get(customerId) >= 0,
    ruleState(customerId) {
      const slot = index.get(customerId);
      if (slot < 0) return undefined;
      return decodeCustomerState(chunkOf(slot).records, offsetOf(slot) + alertBytes);
    },
    copyAlert(customerId) {
      const slot = index.get(customerId);
      if (slot < 0) return undefined;
      const at = offsetOf(slot);
      return chunkOf(slot).records.slice(at, at + alertBytes);
    },
    put(customerId, state, alert, partition) {
      const deadline = deadlineSecOf(alert);
      if (!Number.isInteger(partition) || partition < 0 || partition > MAX_PARTITION) {
        throw new RangeError(`partition must be an integer 0..${MAX_PARTITION}, got ${partition}`);
      }
      let slot = index.get(customerId);
      const held = slot >= 0;
      if (!held) slot = allocate();
      const chunk = chunkOf(slot);
      const at = offsetOf(slot);
      if (!encodeCustomerState(state, chunk.records, at + alertBytes)) {
        if (held) index.delete(customerId);
        release(slot);
        return false;
      }
      if (!held) index.add(customerId, slot);
      chunk.records.set(alert, at);
      chunk.partitions[slot & CHUNK_MASK] = partition;
      chunk.deadlines[slot & CHUNK_MASK] = deadline;
      return true;
    },
    putAlert(customerId, alert) {
      const deadline = deadlineSecOf(alert);
      const slot = index.get(customerId);
      if (slot < 0) return false;
      chunkOf(slot).records.set(alert, offsetOf(slot));
      chunkOf(slot).deadlines[slot & CHUNK_MASK] = deadline;
      return true;
    },
    dropPartitions(gone) {
      for (let slot = 0; slot < used; slot++) {
        const id = index.idAt(slot);
        if (id !== undefined && gone.has(chunkOf(slot).partitions[slot & CHUNK_MASK]!)) {
          index.delete(id);
          release(slot);
        }
      }
    },
    clear() {
      index.clear(); // the slots past `used` are never scanned; `put` rewrites each in full
      free.length = 0;
      used = 0;
    },
    due(partition, nowMs) {
      const found: string[] = [];
      scanDue(nowMs, (slot, p) => {
        if (p === partition) found.push(index.idAt(slot)!);
      });
      return found;
    },
    duePartitions(nowMs) {
      const found = new Set<number>();
      scanDue(nowMs, (_slot, partition) => found.add(partition));
      return found;
    },
    get bytes() {
      return index.bytes + chunks.length * CHUNK_SLOTS * (recordBytes + 2 + 4);
    },
  };
}
