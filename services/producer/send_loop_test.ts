import assert from "node:assert/strict";
import { createSimulator } from "../../shared/simulator/mod.ts";
import { runSendLoop, type SendCounters } from "./send_loop.ts";

const START = Date.parse("2026-01-01T00:00:00Z");
/** One reading per customer per second from START. */
const simulatorOf = (o: { customers: number; invalidRate: number; seed: number }) =>
  createSimulator({ startMs: START, intervalMs: 1000, ...o });
const newCounters = (): SendCounters => ({
  generated: 0,
  generatedInvalid: 0,
  confirmed: 0,
  failed: 0,
});

Deno.test("runSendLoop: unpaced, sends every record of the simulated span in chunks and counts them confirmed", async () => {
  const simulator = simulatorOf({ customers: 10, invalidRate: 0.1, seed: 3 });
  const sent: number[] = [];
  const counters = newCounters();
  await runSendLoop({
    simulator,
    send: (records) => (sent.push(records.length), Promise.resolve()),
    batchMax: 7,
    unpaced: true,
    stepMs: 5000,
    untilMs: START + 60_000,
    now: () => START + 10 ** 9,
    sleep: () => Promise.resolve(),
    shouldStop: () => false,
    onError: () => assert.fail("no error expected"),
    counters,
  });
  assert.equal(counters.generated, 600);
  assert.equal(counters.confirmed, 600);
  assert.ok(sent.every((n) => n <= 7));
  assert.ok(counters.generatedInvalid > 0 && counters.generatedInvalid < 600);
});

Deno.test("runSendLoop: a failed send is counted failed, never confirmed, and the loop goes on", async () => {
  const simulator = simulatorOf({ customers: 5, invalidRate: 0, seed: 1 });
  let calls = 0;
  const errors: number[] = [];
  const counters = newCounters();
  await runSendLoop({
    simulator,
    send: () => ++calls === 2 ? Promise.reject(new Error("broker said no")) : Promise.resolve(),
    batchMax: 5,
    unpaced: true,
    stepMs: 1000,
    untilMs: START + 4000,
    now: () => START + 10 ** 9,
    sleep: () => Promise.resolve(),
    shouldStop: () => false,
    onError: (_, records) => errors.push(records),
    counters,
  });
  assert.deepEqual(errors, [5]);
  assert.deepEqual(counters, { generated: 20, generatedInvalid: 0, confirmed: 15, failed: 5 });
});

Deno.test("runSendLoop: paced, it follows the clock and never sends readings from the future", async () => {
  const simulator = simulatorOf({ customers: 3, invalidRate: 0, seed: 2 });
  let clock = START;
  let latest = 0;
  const counters = newCounters();
  await runSendLoop({
    simulator,
    send: (records) => {
      for (const r of records) {
        if (r.truth.kind === "valid") {
          latest = Math.max(latest, Date.parse(r.truth.event.event_time));
        }
      }
      assert.ok(latest <= clock, "no reading after the current time");
      return Promise.resolve();
    },
    batchMax: 100,
    unpaced: false,
    stepMs: 1000,
    untilMs: START + 10_000,
    now: () => clock,
    sleep: (ms) => (clock += ms * 10, Promise.resolve()),
    shouldStop: () => false,
    onError: () => {},
    counters,
  });
  assert.equal(counters.confirmed, 30);
});

Deno.test("runSendLoop: paced behind a slow broker, each step holds at most stepMs of readings", async () => {
  const simulator = simulatorOf({ customers: 10, invalidRate: 0, seed: 3 });
  let clock = START;
  let largest = 0;
  const counters = newCounters();
  await runSendLoop({
    simulator,
    // Every send takes 20 s of wall clock: the producer can never keep up.
    send: (
      records,
    ) => (largest = Math.max(largest, records.length), clock += 20_000, Promise.resolve()),
    batchMax: 1000,
    unpaced: false,
    stepMs: 1000,
    untilMs: START + 30_000,
    now: () => clock,
    sleep: (ms) => (clock += ms, Promise.resolve()),
    shouldStop: () => false,
    onError: () => {},
    counters,
  });
  assert.ok(largest <= 20, `a step held ${largest} readings: more than 1 s of 10 customers`);
  assert.equal(counters.confirmed, 300, "it still sends every reading, just later");
});
