/**
 * `deno bench`: the alert engine alone, one core. 10,000 customers' states live in one slab
 * (ALERT_STATE_BYTES each, no per-customer objects); each round feeds every customer one
 * reading with two beat intervals, one event second later than the last, so every reading
 * also finalises a second (all window rules run). About 3 % of customers are in a LOW or
 * HIGH episode at any time, so transitions happen throughout.
 */
import { ALERT_STATE_BYTES, createAlertEngine } from "./alert_engine.ts";
import { alerts } from "../config/settings.ts";

const CUSTOMERS = 10_000;
const SECONDS = 20;
const T0 = Date.parse("2026-11-24T12:00:00Z");
const config = alerts.resolve(alerts.env.parse({}));

/** A customer's rate at event second `sec`: sinus rhythm, with episodes for a few customers. */
function rate(customer: number, sec: number): number {
  const inEpisode = (customer % 67 === 0 && sec % 120 < 40) ||
    (customer % 89 === 0 && sec % 90 < 30);
  if (inEpisode) return customer % 2 === 0 ? 46 : 150;
  return 62 + (customer % 23) + ((sec * 7 + customer) % 5);
}

/** A reading as the detector builds it from a decoded record (its event time set per round). */
interface Reading {
  customerId: string;
  eventId: string;
  eventTimeMs: number;
  heartRate: number;
  rrIntervalsMs: number[];
}

// Readings built ahead, one per (second of the cycle, customer), so the bench times the engine.
const readings: Reading[][] = Array.from(
  { length: SECONDS },
  (_, s) =>
    Array.from({ length: CUSTOMERS }, (_, c) => {
      const bpm = rate(c, s);
      const rr = Math.round(60_000 / bpm);
      return {
        customerId: `cust-${c}`,
        eventId: `e-${c}-${s}`,
        eventTimeMs: 0, // set per round below
        heartRate: bpm,
        rrIntervalsMs: [rr - 3, rr + 4],
      };
    }),
);

const slab = new Uint8Array(CUSTOMERS * ALERT_STATE_BYTES);
const states = Array.from(
  { length: CUSTOMERS },
  (_, c) => slab.subarray(c * ALERT_STATE_BYTES, (c + 1) * ALERT_STATE_BYTES),
);
const engine = createAlertEngine(config);
let second = 0;
/** Transitions so far (read by the last bench, so the work cannot be optimised away). */
let transitions = 0;

Deno.bench({
  name: `alerts: onReading × ${CUSTOMERS} (10k customers in one slab, one event second each)`,
  group: "alerts",
  baseline: true,
  fn() {
    const batch = readings[second % SECONDS]!;
    const eventTimeMs = T0 + second * 1000 + 250;
    for (let c = 0; c < CUSTOMERS; c++) {
      const reading = batch[c]!;
      reading.eventTimeMs = eventTimeMs;
      transitions += engine.onReading(states[c]!, reading, eventTimeMs + 300).transitions.length;
    }
    second++;
  },
});

Deno.bench({
  name: `alerts: nextDeadlineMs × ${CUSTOMERS}`,
  group: "alerts",
  fn() {
    let due = 0;
    for (let c = 0; c < CUSTOMERS; c++) due += engine.nextDeadlineMs(states[c]!) > 0 ? 1 : 0;
    if (due === 0) throw new Error("no deadlines");
    if (second > 200 && transitions === 0) throw new Error("no transitions: not representative");
  },
});
