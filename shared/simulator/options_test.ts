import assert from "node:assert/strict";
import { SimulatorError } from "./errors.ts";
import {
  DEFAULT_INVALID_REASONS,
  resolveSimulatorOptions,
  SIMULATOR_DEFAULTS,
  type SimulatorOptions,
} from "./options.ts";

const START = Date.parse("2026-11-24T10:00:00.000Z");

function optionsError(options: SimulatorOptions): SimulatorError {
  try {
    resolveSimulatorOptions(options);
  } catch (error) {
    if (error instanceof SimulatorError) return error;
    throw error;
  }
  assert.fail("expected a SimulatorError");
}

Deno.test("resolveSimulatorOptions: only startMs given resolves to the documented defaults", () => {
  const resolved = resolveSimulatorOptions({ startMs: START });
  assert.deepEqual(resolved, { ...SIMULATOR_DEFAULTS, startMs: START });
  assert.equal(resolved.customers, 1000);
  assert.equal(resolved.intervalMs, 1000);
  assert.ok(!DEFAULT_INVALID_REASONS.includes("PAYLOAD_TOO_LARGE"));
  assert.ok(!DEFAULT_INVALID_REASONS.some((r) => r.startsWith("EVENT_TIME_")));
});

Deno.test("resolveSimulatorOptions: nested options override one field and keep the rest", () => {
  const resolved = resolveSimulatorOptions({ startMs: START, spike: { rate: 0.5 } });
  assert.deepEqual(resolved.spike, { ...SIMULATOR_DEFAULTS.spike, rate: 0.5 });
});

Deno.test("resolveSimulatorOptions: every bad setting is named, with its value, in one error", () => {
  const error = optionsError({
    startMs: START,
    customers: 0,
    invalidRate: -0.1,
    dropout: { rate: 2 },
    customerIdPrefix: "cust 1",
  });
  assert.equal(error.code, "SIMULATOR_OPTIONS_INVALID");
  assert.equal(error.retriable, false);
  assert.match(error.message, /^Invalid simulator options: /);
  assert.match(error.message, /customers=0: expected a whole number from 1 to 10000000/);
  assert.match(error.message, /invalidRate=-0\.1: expected a number from 0 to 1/);
  assert.match(error.message, /dropout\.rate=2: expected a number from 0 to 1/);
  assert.match(error.message, /customerIdPrefix="cust 1": expected printable ASCII/);
});

Deno.test("resolveSimulatorOptions: a missing or fractional startMs is refused", () => {
  assert.match(
    optionsError({} as SimulatorOptions).message,
    /startMs=\(unset\): expected a whole number/,
  );
  assert.match(optionsError({ startMs: 1.5 }).message, /startMs=1\.5/);
});

Deno.test("resolveSimulatorOptions: inconsistent ranges and rates are refused", () => {
  const message = optionsError({
    startMs: START,
    bradycardia: { minBpm: 48, maxBpm: 35, rate: 0.6 },
    tachycardia: { rate: 0.6 },
    dropout: { minDurationMs: 10_000, maxDurationMs: 5_000 },
    limits: { heartRateMin: 100, heartRateMax: 90 },
  }).message;
  assert.match(message, /bradycardia\.minBpm must not exceed bradycardia\.maxBpm/);
  assert.match(message, /episode rates add up to 1\.2\d*: expected at most 1/);
  assert.match(message, /dropout\.minDurationMs must not exceed dropout\.maxDurationMs/);
  assert.match(message, /limits\.heartRateMin \(100\) must be below limits\.heartRateMax \(90\)/);
});

Deno.test("resolveSimulatorOptions: unknown reason codes and bad bursts are refused", () => {
  const message = optionsError({
    startMs: START,
    invalidReasons: ["NOPE" as never],
    bursts: [{ startMs: START, durationMs: 0, customerFraction: 0, rateMultiplier: 5000 }],
  }).message;
  assert.match(message, /invalidReasons="NOPE": expected reason codes from/);
  assert.match(message, /bursts\[0\]\.durationMs=0/);
  assert.match(message, /bursts\[0\]\.customerFraction=0: expected a number from 0 \(excluded\)/);
  assert.match(message, /bursts\[0\]\.rateMultiplier=5000/);
});

Deno.test("resolveSimulatorOptions: no reasons is fine only when nothing is malformed", () => {
  assert.deepEqual(
    resolveSimulatorOptions({ startMs: START, invalidRate: 0, invalidReasons: [] }).invalidReasons,
    [],
  );
  assert.match(
    optionsError({ startMs: START, invalidReasons: [] }).message,
    /expected at least one reason when invalidRate > 0/,
  );
});

Deno.test("resolveSimulatorOptions: customer ids that would exceed 64 characters are refused", () => {
  assert.match(
    optionsError({ startMs: START, customerIdPrefix: "x".repeat(60) }).message,
    /too long: customer ids must fit in 64 characters/,
  );
});

Deno.test("resolveSimulatorOptions: a nested field given as undefined keeps its default", () => {
  const resolved = resolveSimulatorOptions({ startMs: START, limits: { heartRateMin: undefined } });
  assert.equal(resolved.limits.heartRateMin, 20);
});
