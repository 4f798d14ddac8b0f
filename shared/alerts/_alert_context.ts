/**
 * What the rules share during one engine call: the attached state record, the settings, the
 * transitions and counts the call yields, and the alert lifecycle every rule goes through
 * (pending → firing → resolved, at most one open alert per rule, flapping).
 */
import type { AlertConfig } from "../config/settings.ts";
import { alertId } from "./alert_id.ts";
import {
  EXTREME_HIGH,
  EXTREME_LOW,
  FIRING,
  FLAPPING,
  GAP_MAX,
  HIGH,
  LOW,
  PENDING,
  RESUMED,
  RULE_SLOTS,
  type Slot,
  SLOT_PRIORITY,
  STATUS_MASK,
} from "./_state_layout.ts";
import { StateRecord } from "./_state_record.ts";
import type { AlertStatus, AlertTransition } from "./types.ts";

const STATUS_NAME: readonly (AlertStatus | null)[] = [null, "pending", "firing"];
/** Flapping memory of a rule with no recent openings: both gaps saturated. */
const FRESH_GAPS = GAP_MAX | (GAP_MAX << 12);

/** The engine's per-call working set; one instance per engine, reset by {@link begin}. */
export class AlertContext {
  readonly rec = new StateRecord();
  customerId = "";
  transitions: AlertTransition[] = [];
  artifacts = 0;
  /** Threshold, close threshold and side (true: low side) of slots 0-3. */
  readonly threshold: readonly number[];
  readonly closeThreshold: readonly number[];
  readonly lowSide: readonly boolean[] = [true, false, true, false];

  constructor(readonly config: AlertConfig) {
    const c = config;
    this.threshold = [c.extremeLowBpm, c.extremeHighBpm, c.lowBpm, c.highBpm];
    this.closeThreshold = [
      c.extremeLowCloseBpm,
      c.extremeHighCloseBpm,
      c.lowCloseBpm,
      c.highCloseBpm,
    ];
  }

  /** Attaches `state` for a call about `customerId`. */
  begin(state: Uint8Array, customerId: string): void {
    this.rec.attach(state);
    this.customerId = customerId;
    this.transitions = [];
    this.artifacts = 0;
  }

  /** The newest event second that can no longer receive readings (the watermark). */
  finalSec(): number {
    return this.rec.maxSec - this.config.reorderToleranceS - 1;
  }

  /** Whether `bpm` (0 = no reading) is beyond slot's (0-3) opening threshold. */
  beyond(slot: Slot, bpm: number): boolean {
    if (bpm === 0) return false;
    return this.lowSide[slot] ? bpm <= this.threshold[slot]! : bpm >= this.threshold[slot]!;
  }

  /** Whether `bpm` (0 = no reading) is on the safe side of slot's (0-3) close threshold. */
  safe(slot: Slot, bpm: number): boolean {
    if (bpm === 0) return false;
    return this.lowSide[slot] ? bpm > this.closeThreshold[slot]! : bpm < this.closeThreshold[slot]!;
  }

  isOpen(slot: Slot): boolean {
    return (this.rec.status(slot) & STATUS_MASK) !== 0;
  }

  isFlapping(slot: Slot): boolean {
    return (this.rec.status(slot) & FLAPPING) !== 0;
  }

  /**
   * Opens an alert of `slot` whose episode began at event second `openedAtSec`, as pending
   * (then firing at once when `fireReason` is given). It is flapping when the rule opened
   * ALERT_FLAP_CYCLES times already within ALERT_FLAP_WINDOW_S before it.
   */
  open(
    slot: Slot,
    openedAtSec: number,
    atMs: number,
    value: number | null,
    threshold: number | null,
    reason: string,
    fireReason?: string,
  ): void {
    const rec = this.rec;
    const previous = rec.openedAt(slot);
    const gaps = rec.flap(slot);
    const gap1 = previous === 0 ? Infinity : Math.max(0, openedAtSec - previous);
    const cycles = this.config.flapCycles;
    const span = gap1 + (cycles >= 2 ? gaps & 0xfff : 0) + (cycles >= 3 ? gaps >>> 12 : 0);
    const flapping = span < this.config.flapWindowS;
    rec.setOpenedAt(slot, openedAtSec);
    rec.setFlap(slot, flapping ? 0 : Math.min(gap1, GAP_MAX) | ((gaps & 0xfff) << 12));
    if (slot <= HIGH) rec.setStreak(slot, 0);
    const kept = rec.status(slot) & ~(STATUS_MASK | FLAPPING | RESUMED);
    rec.setStatus(slot, kept | PENDING | (flapping ? FLAPPING : 0));
    this.push(slot, 0, PENDING, 1, atMs, value, threshold, reason);
    if (fireReason !== undefined) this.fire(slot, atMs, value, threshold, fireReason);
  }

  /** Confirms slot's pending alert: pending → firing. */
  fire(slot: Slot, atMs: number, value: number | null, threshold: number | null, reason: string) {
    const status = this.rec.status(slot);
    this.rec.setStatus(slot, (status & ~STATUS_MASK) | FIRING);
    this.push(slot, PENDING, FIRING, 2, atMs, value, threshold, reason);
  }

  /** Resolves slot's open alert (from pending: it was never notified). */
  resolve(
    slot: Slot,
    atMs: number,
    value: number | null,
    threshold: number | null,
    reason: string,
  ): void {
    const status = this.rec.status(slot);
    const from = status & STATUS_MASK;
    this.push(slot, from, 3, from === PENDING ? 2 : 3, atMs, value, threshold, reason);
    if ((status & FLAPPING) !== 0) this.rec.setFlap(slot, FRESH_GAPS);
    this.rec.setStatus(slot, status & ~(STATUS_MASK | FLAPPING | RESUMED));
  }

  /** Slots 0-3: the count of safe readings in a row (kept in the flapping memory while flapping). */
  safeRun(slot: Slot): number {
    return this.isFlapping(slot) ? this.rec.flap(slot) : this.rec.streak(slot);
  }

  setSafeRun(slot: Slot, count: number): void {
    if (this.isFlapping(slot)) this.rec.setFlap(slot, count);
    else this.rec.setStreak(slot, count);
  }

  /** Readings on the safe side in a row that resolve slot's (0-3) open alert. */
  safeRunToClose(slot: Slot): number {
    return this.isFlapping(slot) ? this.config.flapWindowS : this.config.closeS;
  }

  private push(
    slot: Slot,
    from: number,
    to: number,
    seq: number,
    atMs: number,
    value: number | null,
    threshold: number | null,
    reason: string,
  ): void {
    const rule = RULE_SLOTS[slot]!;
    const openedAtMs = this.rec.openedAt(slot) * 1000;
    this.transitions.push({
      alertId: alertId(this.customerId, rule, openedAtMs),
      customerId: this.customerId,
      rule,
      priority: SLOT_PRIORITY[slot]!,
      from: STATUS_NAME[from] ?? null,
      to: to === 3 ? "resolved" : STATUS_NAME[to]!,
      seq,
      atMs,
      openedAtMs,
      flapping: (this.rec.status(slot) & FLAPPING) !== 0,
      value,
      threshold,
      reason,
    });
  }
}

/** Slots of the threshold rules, for loops. */
export const EXTREME_SLOTS = [EXTREME_LOW, EXTREME_HIGH] as const;
export const WINDOW_SLOTS = [LOW, HIGH] as const;
