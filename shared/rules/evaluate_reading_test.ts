import assert from "node:assert/strict";
import { anomaly } from "../config/settings.ts";
import type { AnomalyType } from "../contract/mod.ts";
import type { CustomerState } from "./customer_state.ts";
import { evaluateReading, type HeartRateReading } from "./evaluate_reading.ts";

const config = anomaly.resolve(anomaly.env.parse({}));
const T0 = Date.parse("2026-11-24T12:00:00Z");
let serial = 0;

/** A reading of customer "cust-1" with a fresh event id. */
function reading(heartRate: number, eventId = eventIdFor(++serial)): HeartRateReading {
  return { eventId, customerId: "cust-1", heartRate, eventTimeMs: T0 + serial * 1000 };
}

function eventIdFor(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

/** Feeds `rates` in order and returns the finding types of each reading. */
function typesFor(rates: number[], settings = config): AnomalyType[][] {
  let state: CustomerState | undefined;
  return rates.map((rate) => {
    const { findings, nextState } = evaluateReading(reading(rate), state, settings);
    state = nextState;
    return findings.map((f) => f.type);
  });
}

Deno.test("evaluateReading: LOW_HEART_RATE at 50, not at 51", () => {
  assert.deepEqual(typesFor([50]), [["LOW_HEART_RATE"]]);
  assert.deepEqual(typesFor([51]), [[]]);
});

Deno.test("evaluateReading: HIGH_HEART_RATE at 140, not at 139", () => {
  assert.deepEqual(typesFor([140]), [["HIGH_HEART_RATE"]]);
  assert.deepEqual(typesFor([139]), [[]]);
});

Deno.test("evaluateReading: SPIKE on a rise of 30, not of 29", () => {
  assert.deepEqual(typesFor([80, 110]), [[], ["SPIKE"]]);
  assert.deepEqual(typesFor([80, 109]), [[], []]);
});

Deno.test("evaluateReading: SPIKE on a fall of 30, not of 29", () => {
  assert.deepEqual(typesFor([110, 80]), [[], ["SPIKE"]]);
  assert.deepEqual(typesFor([110, 81]), [[], []]);
});

Deno.test("evaluateReading: the first reading of a customer raises no SPIKE", () => {
  const { findings, nextState } = evaluateReading(reading(45), undefined, config);
  assert.deepEqual(findings.map((f) => f.type), ["LOW_HEART_RATE"]);
  assert.equal(nextState.lastHeartRate, 45);
});

Deno.test("evaluateReading: one reading raises LOW and SPIKE together", () => {
  const first = evaluateReading(reading(100), undefined, config);
  const { findings } = evaluateReading(reading(45), first.nextState, config);
  assert.deepEqual(findings, [
    { type: "LOW_HEART_RATE", severity: "high", threshold: 50, previousHeartRate: null },
    { type: "SPIKE", severity: "medium", threshold: 30, previousHeartRate: 100 },
  ]);
});

Deno.test("evaluateReading: HIGH carries its threshold and severity", () => {
  const { findings } = evaluateReading(reading(150), undefined, config);
  assert.deepEqual(findings, [
    { type: "HIGH_HEART_RATE", severity: "high", threshold: 140, previousHeartRate: null },
  ]);
});

Deno.test("evaluateReading: a re-delivered event raises nothing and keeps the state", () => {
  const low = reading(45);
  const first = evaluateReading(low, undefined, config);
  const second = evaluateReading(reading(100), first.nextState, config);
  const before = structuredClone(second.nextState);

  const again = evaluateReading(low, second.nextState, config);
  assert.deepEqual(again.findings, []);
  assert.equal(again.nextState, second.nextState);
  assert.deepEqual(again.nextState, before);
  // The next reading is still compared with 100, not with the re-delivered 45.
  const next = evaluateReading(reading(75), again.nextState, config);
  assert.deepEqual(next.findings, []);
});

Deno.test("evaluateReading: a copy within the last 4 events is ignored, older is not", () => {
  const original = reading(150);
  let state = evaluateReading(original, undefined, config).nextState;
  for (let i = 0; i < 3; i++) state = evaluateReading(reading(150), state, config).nextState;
  assert.equal(evaluateReading(original, state, config).nextState, state);

  state = evaluateReading(reading(150), state, config).nextState;
  const late = evaluateReading(original, state, config);
  assert.deepEqual(late.findings.map((f) => f.type), ["HIGH_HEART_RATE"]);
  assert.notEqual(late.nextState, state);
});

Deno.test("evaluateReading: 'previous' means arrival order, not event time", () => {
  const newer = { ...reading(80), eventTimeMs: T0 + 60_000 };
  const older = { ...reading(115), eventTimeMs: T0 };
  const first = evaluateReading(newer, undefined, config);
  const { findings } = evaluateReading(older, first.nextState, config);
  assert.deepEqual(findings.map((f) => [f.type, f.previousHeartRate]), [["SPIKE", 80]]);
});

Deno.test("evaluateReading: custom thresholds from config are respected", () => {
  const custom = { lowThreshold: 40, highThreshold: 120, spikeDelta: 10 };
  assert.deepEqual(typesFor([41, 40, 50, 119, 120], custom), [
    [],
    ["LOW_HEART_RATE"],
    ["SPIKE"],
    ["SPIKE"],
    ["HIGH_HEART_RATE"],
  ]);
  const { findings } = evaluateReading(reading(40), undefined, custom);
  assert.equal(findings[0]?.threshold, 40);
});
