/** Test helpers: one customer fed second by second, and compact views of its transitions. */
import { type AlertConfig, alerts } from "../config/settings.ts";
import { ALERT_STATE_BYTES, type AlertEngine, createAlertEngine } from "./alert_engine.ts";
import type { AlertRule, AlertStep, AlertTransition } from "./types.ts";

/** The default alert settings. */
export const DEFAULTS: AlertConfig = alerts.resolve(alerts.env.parse({}));
/** Event second 0 of every test, a round second. */
export const T0 = Date.parse("2026-11-24T12:00:00Z");

/** The defaults with `changes`. */
export function settings(changes: Partial<AlertConfig> = {}): AlertConfig {
  return { ...DEFAULTS, ...changes };
}

/** Options of one reading. */
export interface ReadOptions {
  rr?: readonly number[];
  /** Wall-clock arrival, ms; default: 300 ms after the event time. */
  nowMs?: number;
}

/** One customer: its state record, fed readings by event second (relative to T0). */
export class Customer {
  readonly state = new Uint8Array(ALERT_STATE_BYTES);
  readonly log: AlertTransition[] = [];
  artifacts = 0;
  late = 0;
  readonly engine: AlertEngine;

  constructor(config: AlertConfig = DEFAULTS, readonly id = "cust-1") {
    this.engine = createAlertEngine(config);
  }

  /** Feeds a reading measured 250 ms into event second `sec`. */
  read(sec: number, bpm: number, options: ReadOptions = {}): AlertStep {
    const eventTimeMs = T0 + sec * 1000 + 250;
    const reading = {
      customerId: this.id,
      eventId: crypto.randomUUID(),
      eventTimeMs,
      heartRate: bpm,
      ...(options.rr === undefined ? {} : { rrIntervalsMs: options.rr }),
    };
    return this.record(
      this.engine.onReading(this.state, reading, options.nowMs ?? eventTimeMs + 300),
    );
  }

  /** Feeds `rates` at seconds `from`, `from + 1`, …; `null` is a second without a reading. */
  series(from: number, rates: readonly (number | null)[]): this {
    rates.forEach((bpm, i) => {
      if (bpm !== null) this.read(from + i, bpm);
    });
    return this;
  }

  /** Feeds `count` readings of `bpm` from second `from`. */
  steady(from: number, count: number, bpm: number): this {
    return this.series(from, new Array(count).fill(bpm));
  }

  tick(nowMs: number): AlertStep {
    return this.record(this.engine.onTick(this.state, this.id, nowMs));
  }

  /** The transitions so far as `RULE from→to @second`, optionally of one rule. */
  moves(rule?: AlertRule): string[] {
    return this.log.filter((t) => rule === undefined || t.rule === rule).map(describe);
  }

  private record(step: AlertStep): AlertStep {
    this.log.push(...step.transitions);
    this.artifacts += step.artifacts;
    this.late += step.late;
    return step;
  }
}

/** `RULE from→to @s` with the event second relative to T0 (NO_DATA: the wall-clock ms). */
export function describe(t: AlertTransition): string {
  const at = (t.atMs - T0) / 1000;
  return `${t.rule} ${t.from ?? "∅"}→${t.to} @${at} opened@${(t.openedAtMs - T0) / 1000}`;
}

/** `count` copies of `bpm`. */
export function run<T extends number | null>(count: number, bpm: T): T[] {
  return new Array<T>(count).fill(bpm);
}
