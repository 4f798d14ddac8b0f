import assert from "node:assert/strict";
import { HeartbeatEventSchema } from "../contract/mod.ts";
import { DEFAULT_INVALID_REASONS, type SimulatorOptions } from "./options.ts";
import { SimulatorError } from "./errors.ts";
import { inBurst } from "./schedule.ts";
import { createSimulator } from "./simulator.ts";
import {
  assertSameRecords,
  byCustomer,
  customerOf,
  NO_EPISODES,
  runFor,
  START_MS,
} from "./_testing.ts";

const BUSY: SimulatorOptions = {
  startMs: START_MS,
  customers: 200,
  invalidRate: 0.05,
  bradycardia: { rate: 0.001 },
  tachycardia: { rate: 0.001 },
  spike: { rate: 0.002 },
  dropout: { rate: 0.001 },
};

Deno.test("createSimulator: the same options and seed give byte-identical records", () => {
  const a = runFor(createSimulator(BUSY), 30_000);
  const b = runFor(createSimulator(BUSY), 30_000);
  assert.ok(a.length > 5000);
  assertSameRecords(a, b);
});

Deno.test("createSimulator: another seed gives other readings", () => {
  const a = runFor(createSimulator(BUSY), 5_000);
  const b = runFor(createSimulator({ ...BUSY, seed: 2 }), 5_000);
  assert.notDeepEqual(a.map((r) => r.value), b.map((r) => r.value));
});

Deno.test("nextBatch: output does not depend on how time is sliced into batches", () => {
  const whole = createSimulator(BUSY);
  const sliced = createSimulator(BUSY);
  const records = runFor(sliced, 60_000, 137); // stops at 59,963 ms
  records.push(...sliced.nextBatch(START_MS + 60_000));
  assertSameRecords(records, whole.nextBatch(START_MS + 60_000));
  assert.deepEqual(sliced.episodes(), whole.episodes());
  assert.ok(whole.episodes().length > 0);
});

Deno.test("nextBatch: a customer's stream does not depend on the fleet size", () => {
  const small = runFor(createSimulator({ ...BUSY, customers: 10 }), 20_000);
  const large = runFor(createSimulator({ ...BUSY, customers: 50 }), 20_000);
  const of = (records: typeof small) => records.filter((r) => customerOf(r) === "cust-000004");
  assert.ok(of(small).length > 0);
  assertSameRecords(of(small), of(large));
});

Deno.test("nextBatch: valid records are HeartbeatEvents keyed by customer, in time order", () => {
  const records = runFor(createSimulator(BUSY), 30_000, 1000);
  let previous = -Infinity;
  for (const record of records) {
    assert.ok(record.timestampMs >= previous, "time order");
    assert.ok(record.timestampMs < START_MS + 30_000);
    previous = record.timestampMs;
    if (record.truth.kind !== "valid") continue;
    const decoded = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(record.value));
    assert.deepEqual(HeartbeatEventSchema.parse(decoded), record.truth.event);
    assert.equal(decoded.schema_version, 1);
    assert.equal(record.key, record.truth.event.customer_id);
    assert.equal(record.truth.event.event_time, new Date(record.timestampMs).toISOString());
    assert.match(record.truth.event.event_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
});

Deno.test("nextBatch: one reading per customer per interval, on per-customer phases", () => {
  const sim = createSimulator({
    startMs: START_MS,
    customers: 100,
    invalidRate: 0,
    ...NO_EPISODES,
  });
  const groups = byCustomer(runFor(sim, 60_000, 250));
  assert.equal(groups.size, 100);
  const phases = new Set<number>();
  for (const [id, records] of groups) {
    assert.equal(records.length, 60, id);
    const first = records[0]!.timestampMs;
    assert.ok(first >= START_MS && first < START_MS + 1000);
    phases.add(first);
    records.forEach((r, k) => assert.equal(r.timestampMs, first + k * 1000));
  }
  assert.ok(phases.size > 90, `only ${phases.size} distinct phases`);
  assert.equal(sim.customerId(41), "cust-000042");
});

Deno.test("nextBatch: normal streams stay plausible and change gradually over hours", () => {
  const sim = createSimulator({ startMs: START_MS, customers: 20, invalidRate: 0, ...NO_EPISODES });
  let min = Infinity;
  let max = -Infinity;
  let maxStep = 0;
  const last = new Map<string, number>();
  for (let t = START_MS + 60_000; t <= START_MS + 4 * 3_600_000; t += 60_000) {
    for (const record of sim.nextBatch(t)) {
      assert.equal(record.truth.kind, "valid");
      if (record.truth.kind !== "valid") continue;
      const { customer_id: id, heart_rate: rate } = record.truth.event;
      assert.equal(record.truth.episode, null);
      min = Math.min(min, rate);
      max = Math.max(max, rate);
      const before = last.get(id);
      if (before !== undefined) maxStep = Math.max(maxStep, Math.abs(rate - before));
      last.set(id, rate);
    }
  }
  assert.ok(min >= 30 && max <= 220, `range ${min}..${max}`);
  assert.ok(min >= 51 && max <= 139, "inside the default normal band");
  assert.ok(max - min >= 40, `activity changes should show: range ${min}..${max}`);
  assert.ok(maxStep < 25, `consecutive readings jumped by ${maxStep}`);
});

Deno.test("nextBatch: malformed records come at the requested rate with every default reason", () => {
  const sim = createSimulator({ startMs: START_MS, customers: 500, invalidRate: 0.05 });
  const records = runFor(sim, 50_000);
  assert.ok(records.length >= 20_000);
  const invalid = records.filter((r) => r.truth.kind === "invalid");
  const share = invalid.length / records.length;
  assert.ok(share > 0.04 && share < 0.06, `malformed share ${share}`);
  const reasons = new Set(invalid.map((r) => r.truth.kind === "invalid" ? r.truth.reason : ""));
  assert.deepEqual([...reasons].sort(), [...DEFAULT_INVALID_REASONS].sort());
});

Deno.test("nextBatch: a malformed record replaces a reading without shifting the timeline", () => {
  const base = { startMs: START_MS, customers: 50, ...NO_EPISODES };
  const clean = runFor(createSimulator({ ...base, invalidRate: 0 }), 60_000);
  const dirty = runFor(createSimulator({ ...base, invalidRate: 0.3 }), 60_000);
  const slots = (records: typeof clean) => records.map((r) => `${r.timestampMs}/${customerOf(r)}`);
  assert.equal(slots(dirty).join(","), slots(clean).join(","));
  assert.ok(dirty.some((r) => r.truth.kind === "invalid"));
});

Deno.test("nextBatch: opt-in reasons that depend on the consumer's limits can be chosen", () => {
  const reasons = ["PAYLOAD_TOO_LARGE", "EVENT_TIME_IN_FUTURE", "EVENT_TIME_TOO_OLD"] as const;
  const sim = createSimulator({
    startMs: START_MS,
    customers: 100,
    invalidRate: 0.5,
    invalidReasons: reasons,
  });
  const seen = new Set(
    runFor(sim, 10_000).flatMap((r) => r.truth.kind === "invalid" ? [r.truth.reason] : []),
  );
  assert.deepEqual([...seen].sort(), [...reasons].sort());
});

Deno.test("nextBatch: burst members report rateMultiplier times as often during the burst", () => {
  const options: SimulatorOptions = {
    startMs: START_MS,
    customers: 400,
    invalidRate: 0,
    ...NO_EPISODES,
    bursts: [{
      startMs: START_MS + 10_000,
      durationMs: 10_000,
      customerFraction: 0.25,
      rateMultiplier: 5,
    }],
  };
  const sim = createSimulator(options);
  const groups = byCustomer(runFor(sim, 30_000));
  const resolved = sim.options;
  let members = 0;
  for (let i = 0; i < 400; i++) {
    const member = inBurst(resolved, 0, i);
    if (member) members++;
    const records = groups.get(sim.customerId(i))!;
    assert.equal(records.length, member ? 20 + 50 : 30, sim.customerId(i));
    records.forEach((r) => assert.equal(r.truth.kind, "valid"));
  }
  assert.ok(members > 70 && members < 130, `${members} members`);
  assert.deepEqual(
    runFor(createSimulator(options), 30_000),
    [...groups.values()].flat().sort(
      (a, b) => a.timestampMs - b.timestampMs || customerOf(a).localeCompare(customerOf(b)),
    ),
  );
});

Deno.test("nextBatch: a time not after the last one returns nothing; NaN is refused", () => {
  const sim = createSimulator({ startMs: START_MS, customers: 3 });
  assert.equal(sim.nextBatch(START_MS + 5000).length > 0, true);
  assert.deepEqual(sim.nextBatch(START_MS + 2000), []);
  assert.deepEqual(sim.nextBatch(START_MS + 5000), []);
  assert.throws(
    () => sim.nextBatch(NaN),
    (e) => e instanceof SimulatorError && e.code === "SIMULATOR_TIME_INVALID",
  );
});

Deno.test("createSimulator: nonsense options throw one SimulatorError", () => {
  assert.throws(
    () => createSimulator({ startMs: START_MS, customers: 0, spike: { rate: -1 } }),
    (e) =>
      e instanceof SimulatorError && /customers=0/.test(e.message) &&
      /spike\.rate=-1/.test(e.message),
  );
});

Deno.test("createSimulator: 10,000 customers produce a minute of readings", () => {
  const sim = createSimulator({ startMs: START_MS, customers: 10_000 });
  const seen = new Uint8Array(10_000);
  let count = 0;
  for (let s = 1; s <= 60; s++) {
    for (const record of sim.nextBatch(START_MS + s * 1000)) {
      count++;
      seen[Number(customerOf(record).slice(5)) - 1] = 1;
    }
  }
  assert.ok(count > 595_000 && count <= 600_000, `${count} records`);
  assert.equal(seen.reduce((a, b) => a + b, 0), 10_000);
});
