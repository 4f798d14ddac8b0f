/**
 * Typed access to one customer's state record (layout in `_state_layout.ts`) inside any
 * buffer: the detector's slab, a row loaded from PostgreSQL, a test's copy. One instance is
 * re-attached for every call, so reading a state allocates nothing; it keeps one DataView per
 * underlying buffer.
 */
import { HISTORY_SECONDS } from "./limits.ts";
import {
  ALERT_STATE_BYTES,
  FORMAT_VERSION,
  FORMAT_VERSION_V1,
  OFF_ARRIVAL_MS,
  OFF_ARRIVAL_SEC,
  OFF_BEATS,
  OFF_FLAP,
  OFF_HR,
  OFF_IRREGULAR_RUN,
  OFF_IRREGULARITY,
  OFF_MAX_SEC,
  OFF_OPENED_AT,
  OFF_RR,
  OFF_RR_INFO,
  OFF_STATUS,
  OFF_STREAK,
  OFF_VERSION,
  RR_PER_SECOND,
  RR_SLOTS,
  type Slot,
} from "./_state_layout.ts";

/** One state record, attached to a buffer and an offset. */
export class StateRecord {
  /** The whole underlying buffer, as bytes; fields are at `base + offset`. */
  bytes: Uint8Array = new Uint8Array(0);
  view: DataView = new DataView(new ArrayBuffer(0));
  base = 0;
  /** The newest accepted event second, cached while attached (0 = never seen). */
  maxSec = 0;
  private buffer: ArrayBufferLike | null = null;

  /**
   * Points this record at `state`; throws when it is too short or of another format. A
   * format-1 state is upgraded in place first (see `_state_layout.ts`).
   */
  attach(state: Uint8Array): void {
    if (state.length < ALERT_STATE_BYTES) {
      throw new RangeError(
        `Cannot use an alert state of ${state.length} bytes: expected ALERT_STATE_BYTES ` +
          `(${ALERT_STATE_BYTES}); allocate states as new Uint8Array(ALERT_STATE_BYTES)`,
      );
    }
    if (state.buffer !== this.buffer) {
      this.buffer = state.buffer;
      this.bytes = new Uint8Array(state.buffer);
      this.view = new DataView(state.buffer);
    }
    this.base = state.byteOffset;
    let version = this.bytes[this.base + OFF_VERSION]!;
    if (version === FORMAT_VERSION_V1) {
      this.bytes.fill(0, this.base + OFF_BEATS, this.base + OFF_BEATS + 3);
      this.bytes[this.base + OFF_VERSION] = version = FORMAT_VERSION;
    }
    if (version !== 0 && version !== FORMAT_VERSION) {
      throw new RangeError(
        `Cannot read an alert state of format ${version}: this engine reads format ` +
          `${FORMAT_VERSION} (and upgrades ${FORMAT_VERSION_V1}); discard the stored alert states ` +
          `(all zeros = never seen)`,
      );
    }
    this.maxSec = this.view.getUint32(this.base + OFF_MAX_SEC, true);
  }

  /** Marks a never-seen customer as seen at event second `sec`. */
  initialize(sec: number): void {
    this.bytes[this.base + OFF_VERSION] = FORMAT_VERSION;
    this.setMaxSec(sec);
  }

  setMaxSec(sec: number): void {
    this.maxSec = sec;
    this.view.setUint32(this.base + OFF_MAX_SEC, sec, true);
  }

  /** Heart rate of second `sec` (bpm), or 0 when it has no reading or is out of the ring. */
  hr(sec: number): number {
    if (sec > this.maxSec || sec <= this.maxSec - HISTORY_SECONDS) return 0;
    return this.bytes[this.base + OFF_HR + (sec % HISTORY_SECONDS)]!;
  }

  hrIndex(sec: number): number {
    return this.base + OFF_HR + (sec % HISTORY_SECONDS);
  }

  rrIndex(sec: number): number {
    return this.base + OFF_RR + (sec % RR_SLOTS) * RR_PER_SECOND;
  }

  /** Whether second `sec`'s interval slot holds a reading's intervals (maybe none: a pause). */
  hasRr(sec: number): boolean {
    return (this.bytes[this.base + OFF_RR_INFO]! & (1 << (sec % RR_SLOTS))) !== 0;
  }

  setHasRr(sec: number, has: boolean): void {
    const bit = 1 << (sec % RR_SLOTS);
    const at = this.base + OFF_RR_INFO;
    this.bytes[at] = has ? this.bytes[at]! | bit : this.bytes[at]! & ~bit;
  }

  arrivalMs(): number {
    return this.view.getUint32(this.base + OFF_ARRIVAL_SEC, true) * 1000 +
      this.view.getUint16(this.base + OFF_ARRIVAL_MS, true);
  }

  setArrivalMs(ms: number): void {
    const sec = Math.floor(ms / 1000);
    this.view.setUint32(this.base + OFF_ARRIVAL_SEC, sec, true);
    this.view.setUint16(this.base + OFF_ARRIVAL_MS, ms - sec * 1000, true);
  }

  irregularity(): number {
    return this.view.getUint16(this.base + OFF_IRREGULARITY, true);
  }

  setIrregularity(q16: number): void {
    this.view.setUint16(this.base + OFF_IRREGULARITY, q16, true);
  }

  /** Index of IRREGULAR_RHYTHM's beat memory (offsets BEAT_PENDING, BEAT_NN, BEAT_REF). */
  beatsIndex(): number {
    return this.base + OFF_BEATS;
  }

  /** IRREGULAR_RHYTHM while pending: final seconds in a row at or above the open share. */
  irregularRun(): number {
    return this.view.getUint16(this.base + OFF_IRREGULAR_RUN, true);
  }

  setIrregularRun(seconds: number): void {
    this.view.setUint16(this.base + OFF_IRREGULAR_RUN, Math.min(seconds, 65535), true);
  }

  status(slot: Slot): number {
    return this.bytes[this.base + OFF_STATUS + slot]!;
  }

  setStatus(slot: Slot, status: number): void {
    this.bytes[this.base + OFF_STATUS + slot] = status;
  }

  openedAt(slot: Slot): number {
    return this.view.getUint32(this.base + OFF_OPENED_AT + 4 * slot, true);
  }

  setOpenedAt(slot: Slot, sec: number): void {
    this.view.setUint32(this.base + OFF_OPENED_AT + 4 * slot, sec, true);
  }

  /** EXTREME_LOW/HIGH and LOW/HIGH (slots 0-3): readings on the safe side in a row. */
  streak(slot: Slot): number {
    return this.bytes[this.base + OFF_STREAK + slot]!;
  }

  setStreak(slot: Slot, count: number): void {
    this.bytes[this.base + OFF_STREAK + slot] = Math.min(count, 255);
  }

  /** The rule's 3 bytes of flapping memory as one 24-bit number. */
  flap(slot: Slot): number {
    const at = this.base + OFF_FLAP + 3 * slot;
    return this.bytes[at]! | (this.bytes[at + 1]! << 8) | (this.bytes[at + 2]! << 16);
  }

  setFlap(slot: Slot, value: number): void {
    const at = this.base + OFF_FLAP + 3 * slot;
    const v = Math.min(Math.max(value, 0), 0xffffff);
    this.bytes[at] = v & 0xff;
    this.bytes[at + 1] = (v >>> 8) & 0xff;
    this.bytes[at + 2] = v >>> 16;
  }
}
