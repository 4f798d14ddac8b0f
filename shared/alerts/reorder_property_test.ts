import assert from "node:assert/strict";
import fc from "fast-check";
import { ALERT_STATE_BYTES, createAlertEngine } from "./alert_engine.ts";
import { DEFAULTS, T0 } from "./_test_support.ts";
import { OFF_ARRIVAL_MS, OFF_ARRIVAL_SEC } from "./_state_layout.ts";
import type { AlertReading, AlertTransition } from "./types.ts";

/** A stretch of readings around one level; every `missing`-th second has none. */
const segment = fc.record({
  bpm: fc.constantFrom(36, 39, 44, 50, 53, 58, 70, 76, 100, 128, 140, 145, 158, 165),
  length: fc.integer({ min: 1, max: 16 }),
  missing: fc.integer({ min: 0, max: 5 }),
  irregular: fc.boolean(),
});

/** mulberry32: the noise, intervals and delays all derive from one seed per case. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One reading per second with data, in event order, with jitter and beat intervals. */
function readingsOf(segments: readonly Segment[], seed: number): AlertReading[] {
  const next = random(seed);
  const readings: AlertReading[] = [];
  let sec = 0;
  for (const s of segments) {
    for (let i = 0; i < s.length; i++, sec++) {
      if (s.missing > 0 && i % s.missing === s.missing - 1) continue;
      const heartRate = s.bpm + Math.round(next() * 4) - 2;
      const base = 60_000 / heartRate;
      const beats = next() < 0.3 ? 2 : 1;
      const rrIntervalsMs = Array.from(
        { length: beats },
        () => Math.round(base * (s.irregular ? 0.6 + next() * 0.8 : 0.98 + next() * 0.04)),
      );
      readings.push({
        customerId: "cust-p",
        eventId: `e-${sec}`,
        eventTimeMs: T0 + sec * 1000 + Math.floor(next() * 1000),
        heartRate,
        rrIntervalsMs,
      });
    }
  }
  return readings;
}
type Segment = { bpm: number; length: number; missing: number; irregular: boolean };

/** Runs `readings` in the given delivery order; returns what an order must not change. */
function deliver(readings: readonly AlertReading[], arrivalSec: readonly number[]) {
  const engine = createAlertEngine(DEFAULTS);
  const state = new Uint8Array(ALERT_STATE_BYTES);
  const transitions: AlertTransition[] = [];
  let artifacts = 0;
  let late = 0;
  readings.forEach((reading, i) => {
    const step = engine.onReading(state, reading, T0 + arrivalSec[i]! * 1000 + 500);
    transitions.push(...step.transitions);
    artifacts += step.artifacts;
    late += step.late;
  });
  transitions.sort((a, b) => a.alertId.localeCompare(b.alertId) || a.seq - b.seq);
  state.fill(0, OFF_ARRIVAL_SEC, OFF_ARRIVAL_MS + 2); // the wall clock differs by design
  return { transitions, artifacts, late, state };
}

Deno.test("alert engine: readings shuffled within the reorder tolerance give the same transitions (one reading per second)", () => {
  const tolerance = DEFAULTS.reorderToleranceS;
  let interesting = 0;
  fc.assert(
    fc.property(
      fc.array(segment, { minLength: 3, maxLength: 24 }),
      fc.integer(),
      (segments, seed) => {
        const readings = readingsOf(segments, seed);
        const inOrder = deliver(
          readings,
          readings.map((r) => Math.floor((r.eventTimeMs - T0) / 1000)),
        );

        // Each reading is delayed by 0..tolerance seconds; delivery follows the arrival
        // times, so a reading never arrives more than `tolerance` s behind a newer one.
        const next = random(seed ^ 0x5bd1e995);
        const arrivals = readings.map((r) =>
          Math.floor((r.eventTimeMs - T0) / 1000) + Math.floor(next() * (tolerance + 1)) +
          next() * 0.9
        );
        const order = readings.map((_, i) => i).sort((a, b) => arrivals[a]! - arrivals[b]!);
        const shuffled = deliver(order.map((i) => readings[i]!), order.map((i) => arrivals[i]!));

        assert.equal(shuffled.late, 0);
        assert.deepEqual(shuffled.transitions, inOrder.transitions);
        assert.equal(shuffled.artifacts, inOrder.artifacts);
        assert.deepEqual(shuffled.state, inOrder.state);
        if (inOrder.transitions.length > 0) interesting++;
      },
    ),
    { numRuns: 200 },
  );
  assert.ok(interesting > 100, `only ${interesting} of 200 cases raised an alert`);
});
