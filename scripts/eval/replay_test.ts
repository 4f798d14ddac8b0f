import assert from "node:assert/strict";
import type { AlertReading, AlertStep, AlertTransition } from "../../shared/alerts/types.ts";
import { type AlertEnginePort, replaySeries } from "./replay.ts";
import type { LabelledSeries } from "./series.ts";

const S = 1000;
const T0 = Date.UTC(2026, 10, 24);
const ANOMALY = { lowThreshold: 50, highThreshold: 140, spikeDelta: 30 };

/** Records what the replay asks of the port; answers with scripted steps. Not an engine. */
function spyPort(options: { deadlineAfterMs?: number; stepOf?: (call: string) => AlertStep } = {}) {
  const calls: string[] = [];
  let lastReadingAt = -Infinity;
  const step = (call: string): AlertStep =>
    options.stepOf?.(call) ?? { transitions: [], artifacts: 0, late: 0 };
  const port: AlertEnginePort = {
    stateBytes: 4,
    onReading(state: Uint8Array, reading: AlertReading, nowMs: number) {
      assert.equal(state.length, 4);
      lastReadingAt = nowMs;
      const call = `read ${(reading.eventTimeMs - T0) / S}@${nowMs - T0}`;
      calls.push(call);
      return step(call);
    },
    onTick(_state: Uint8Array, customerId: string, nowMs: number) {
      assert.equal(customerId, "c1");
      const call = `tick@${nowMs - T0}`;
      calls.push(call);
      return step(call);
    },
    nextDeadlineMs: () =>
      options.deadlineAfterMs === undefined ? Infinity : lastReadingAt + options.deadlineAfterMs,
  };
  return { port, calls };
}

function seriesOf(rates: number[], endS: number, gapAfter?: number): LabelledSeries {
  const readings = rates.map((heartRate, k) => {
    const second = gapAfter !== undefined && k > gapAfter ? k + 10 : k;
    return {
      customerId: "c1",
      eventId: `00000000-0000-4000-8000-${String(k).padStart(12, "0")}`,
      eventTimeMs: T0 + second * S,
      heartRate,
    };
  });
  return { customerId: "c1", readings, startMs: T0, endMs: T0 + endS * S, episodes: [] };
}

const OPTIONS = { ingestDelayMs: 200, reorderMs: 0, seed: 1, anomaly: ANOMALY };

Deno.test("replaySeries: readings at event time + ingest delay, a tick every second until the end", () => {
  const { port, calls } = spyPort();
  replaySeries(seriesOf([70, 71, 72], 5), 0, port, OPTIONS);
  assert.deepEqual(calls, [
    "read 0@200",
    "tick@1000",
    "read 1@1200",
    "tick@2000",
    "read 2@2200",
    "tick@3000",
    "tick@4000",
    "tick@5000",
  ]);
});

Deno.test("replaySeries: ticks at the engine's deadline between seconds", () => {
  const { port, calls } = spyPort({ deadlineAfterMs: 2_500 });
  replaySeries(seriesOf([70, 71], 4, 0), 0, port, OPTIONS);
  assert.deepEqual(calls.slice(0, 6), [
    "read 0@200",
    "tick@1000",
    "tick@2000",
    "tick@2700",
    "tick@3000",
    "tick@4000",
  ]);
});

Deno.test("replaySeries: reordering shuffles arrivals within the bound, the same way per seed", () => {
  const rates = Array.from({ length: 300 }, () => 70);
  const run = (seed: number) => {
    const { port, calls } = spyPort();
    replaySeries(seriesOf(rates, 300), 3, port, { ...OPTIONS, reorderMs: 3_000, seed });
    return calls.filter((c) => c.startsWith("read")).map((c) => {
      const [, event, at] = /read (\d+)@(\d+)/.exec(c)!;
      return { event: Number(event), at: Number(at) };
    });
  };
  const arrivals = run(1);
  let outOfOrder = 0;
  arrivals.forEach((a, k) => {
    assert.ok(a.at - a.event * S >= 200 && a.at - a.event * S < 3_200, `${a.event}@${a.at}`);
    if (k > 0 && a.event < arrivals[k - 1]!.event) outOfOrder++;
  });
  assert.ok(outOfOrder > 50, `${outOfOrder} readings arrived after a later one`);
  assert.deepEqual(run(1), arrivals);
  assert.notDeepEqual(run(2), arrivals);
});

Deno.test("replaySeries: collects transitions, artifacts, late readings and raw findings", () => {
  const transition = { alertId: "a", rule: "LOW" } as AlertTransition;
  const { port } = spyPort({
    stepOf: (call) =>
      call.startsWith("read 1@")
        ? { transitions: [transition], artifacts: 1, late: 2 }
        : { transitions: [], artifacts: 0, late: 0 },
  });
  const result = replaySeries(seriesOf([70, 40, 75, 75], 4), 0, port, OPTIONS);
  assert.deepEqual(result.transitions, [transition]);
  assert.deepEqual(result.emittedAtMs, [T0 + 1200], "emitted by the reading that arrived at 1.2 s");
  assert.equal(result.artifacts, 1);
  assert.equal(result.late, 2);
  assert.deepEqual(result.raw, { LOW_HEART_RATE: 1, HIGH_HEART_RATE: 0, SPIKE: 2 });
});
