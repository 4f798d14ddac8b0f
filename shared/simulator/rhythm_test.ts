import assert from "node:assert/strict";
import { HeartbeatEventSchema } from "../contract/mod.ts";
import type { SimulatorOptions } from "./options.ts";
import type { SimRecord } from "./record.ts";
import { SimulatorError } from "./errors.ts";
import { createSimulator } from "./simulator.ts";
import { byCustomer, NO_EPISODES, runFor, START_MS } from "./_testing.ts";

const BUSY: SimulatorOptions = {
  startMs: START_MS,
  customers: 50,
  invalidRate: 0.05,
  bradycardia: { rate: 0.001 },
  tachycardia: { rate: 0.001 },
  spike: { rate: 0.002 },
  dropout: { rate: 0.001 },
};

function rrOf(record: SimRecord): number[] | undefined {
  if (record.truth.kind !== "valid") return undefined;
  const event = record.truth.event;
  return event.schema_version === 2 ? event.rr_intervals_ms : undefined;
}

function rateOf(record: SimRecord): number {
  return record.truth.kind === "valid" ? record.truth.event.heart_rate : NaN;
}

Deno.test("rrIntervals: switching beats on only adds rr_intervals_ms and schema_version 2", () => {
  const plainSim = createSimulator(BUSY);
  const withSim = createSimulator({ ...BUSY, rrIntervals: true });
  const plain = runFor(plainSim, 120_000);
  const withRr = runFor(withSim, 120_000);
  assert.equal(withRr.length, plain.length);
  withRr.forEach((record, k) => {
    const before = plain[k]!;
    assert.equal(record.timestampMs, before.timestampMs);
    if (record.truth.kind !== "valid" || before.truth.kind !== "valid") {
      assert.equal(record.truth.kind, before.truth.kind);
      return;
    }
    const { rr_intervals_ms: rr, schema_version: version, ...rest } = record.truth.event as {
      rr_intervals_ms?: number[];
      schema_version: number;
    };
    assert.equal(version, 2);
    assert.ok(Array.isArray(rr));
    const { schema_version: plainVersion, ...plainRest } = before.truth.event;
    assert.equal(plainVersion, 1);
    assert.deepEqual(rest, plainRest);
    assert.equal(record.truth.episode, before.truth.episode);
    assert.deepEqual(HeartbeatEventSchema.parse(record.truth.event), record.truth.event);
    const decoded = JSON.parse(new TextDecoder().decode(record.value));
    assert.deepEqual(decoded.rr_intervals_ms, rr);
  });
  assert.deepEqual(withSim.episodes(), plainSim.episodes());
});

Deno.test("rrIntervals: sinus beats average 60000 / rate with small successive differences", () => {
  const sim = createSimulator({
    startMs: START_MS,
    customers: 20,
    invalidRate: 0,
    rrIntervals: true,
    ...NO_EPISODES,
  });
  const groups = byCustomer(runFor(sim, 600_000, 10_000));
  for (const [id, records] of groups) {
    const all = records.flatMap((r) => rrOf(r)!);
    const meanRr = all.reduce((a, b) => a + b, 0) / all.length;
    const meanRate = records.reduce((a, r) => a + rateOf(r), 0) / records.length;
    assert.ok(Math.abs(60_000 / meanRr - meanRate) < 3, `${id}: ${60_000 / meanRr} vs ${meanRate}`);
    const diffs = all.slice(1).map((rr, k) => (rr - all[k]!) ** 2);
    const rmssd = Math.sqrt(diffs.reduce((a, b) => a + b, 0) / diffs.length);
    assert.ok(rmssd > 5 && rmssd < 80, `${id}: RMSSD ${rmssd}`);
    // The beats tile time: their sum is the span they cover, within one interval each end.
    const span = records.at(-1)!.timestampMs - records[0]!.timestampMs;
    const covered = records.slice(1).flatMap((r) => rrOf(r)!).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(covered - span) < 2 * 2000, `${id}: ${covered} ms of beats in ${span} ms`);
  }
});

Deno.test("rrIntervals: irregular-rhythm readings come from widely spread beats", () => {
  const sim = createSimulator({
    startMs: START_MS,
    customers: 40,
    invalidRate: 0,
    rrIntervals: true,
    ...NO_EPISODES,
    irregularRhythm: { rate: 0.01 },
  });
  const records = runFor(sim, 900_000, 10_000);
  const inside = records.filter((r) =>
    r.truth.kind === "valid" && r.truth.episode === "IRREGULAR_RHYTHM"
  );
  assert.ok(inside.length > 1000, `${inside.length} irregular readings`);
  const all: number[] = [];
  for (const record of inside) {
    const rr = rrOf(record)!;
    all.push(...rr);
    if (rr.length === 0) continue;
    const expected = rr.reduce((a, b) => a + 60_000 / b, 0) / rr.length;
    assert.ok(Math.abs(rateOf(record) - expected) <= 0.5 + 1e-9, `${rateOf(record)} ${expected}`);
  }
  const diffs = all.slice(1).map((rr, k) => Math.abs(rr - all[k]!) / all[k]!);
  const meanRelativeStep = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  assert.ok(meanRelativeStep > 0.12, `successive intervals differ by ${meanRelativeStep}`);
  for (const e of sim.episodes()) {
    assert.ok(e.endMs - e.startMs >= 60_000 && e.endMs - e.startMs <= 600_000);
  }
});

Deno.test("rrIntervals: an ectopic beat is premature, then a compensatory pause follows", () => {
  const sim = createSimulator({
    startMs: START_MS,
    customers: 10,
    invalidRate: 0,
    rrIntervals: true,
    rhythm: { ectopicRate: 0.02, sinusCv: 0.01 },
    ...NO_EPISODES,
  });
  let premature = 0;
  for (const records of byCustomer(runFor(sim, 600_000, 10_000)).values()) {
    const all = records.flatMap((r) => rrOf(r)!);
    for (let k = 2; k < all.length - 1; k++) {
      // Premature: clearly shorter than a preceding interval that was not itself a pause.
      if (all[k]! > 0.8 * all[k - 1]! || all[k - 1]! > 1.2 * all[k - 2]!) continue;
      premature++;
      const pair = all[k]! + all[k + 1]!;
      assert.ok(
        Math.abs(pair - 2 * all[k - 1]!) < 0.15 * all[k - 1]!,
        `${all.slice(k - 1, k + 2)}`,
      );
    }
  }
  assert.ok(premature > 50, `${premature} premature beats`);
});

Deno.test("resolveSimulatorOptions: irregular rhythm without beats is refused, naming both settings", () => {
  assert.throws(
    () => createSimulator({ startMs: START_MS, irregularRhythm: { rate: 0.1 } }),
    (e) =>
      e instanceof SimulatorError && /irregularRhythm\.rate=0\.1 needs rrIntervals/.test(e.message),
  );
  assert.throws(
    () => createSimulator({ startMs: START_MS, rrIntervals: true, rhythm: { sinusCv: 2 } }),
    (e) => e instanceof SimulatorError && /rhythm\.sinusCv=2/.test(e.message),
  );
});
