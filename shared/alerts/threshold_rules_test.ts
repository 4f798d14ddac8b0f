import assert from "node:assert/strict";
import { Customer, run, settings } from "./_test_support.ts";

/** 20 s at 70 bpm, then `episode`, then 40 s at 70 bpm (enough to pass the watermark). */
function episode(rates: (number | null)[], customer = new Customer()): Customer {
  return customer.series(0, [...run(20, 70), ...rates, ...run(40, 70)]);
}

Deno.test("LOW: 7 of the last 10 s at ≤ 50 bpm do not open it, 8 do", () => {
  assert.deepEqual(episode(run(7, 50)).moves("LOW"), []);
  assert.deepEqual(episode(run(8, 50)).moves("LOW"), [
    "LOW ∅→pending @27 opened@20",
    "LOW pending→firing @27 opened@20",
    "LOW firing→resolved @37 opened@20",
  ]);
});

Deno.test("LOW: 51 bpm is not beyond the threshold, 50 is", () => {
  assert.deepEqual(episode(run(10, 51)).moves("LOW"), []);
  assert.equal(episode(run(10, 50)).moves("LOW").length, 3);
});

Deno.test("HIGH: 8 of 10 s at ≥ 140 bpm open it, 139 bpm never does", () => {
  assert.deepEqual(episode(run(10, 139)).moves("HIGH"), []);
  const customer = episode([...run(7, 140), 90, 140]);
  assert.deepEqual(customer.moves("HIGH"), [
    "HIGH ∅→pending @28 opened@20",
    "HIGH pending→firing @28 opened@20",
    "HIGH firing→resolved @38 opened@20",
  ]);
  const firing = customer.log.find((t) => t.rule === "HIGH" && t.to === "firing")!;
  assert.equal(firing.priority, "high");
  assert.equal(firing.value, 140);
  assert.equal(firing.threshold, 140);
  assert.equal(firing.reason, "heart rate ≥ 140 bpm in 8 of the last 10 s");
});

Deno.test("LOW: resolves only after 10 readings in a row above 55 bpm (hysteresis)", () => {
  const customer = new Customer().series(0, [
    ...run(20, 70),
    ...run(10, 45), // opens at 27
    ...run(20, 55), // exactly the close threshold: not above it
    ...run(9, 56),
    52, // inside the band: restarts the count
    ...run(10, 56), // seconds 60-69: resolves at 69
    ...run(10, 70),
  ]);
  assert.deepEqual(customer.moves("LOW"), [
    "LOW ∅→pending @27 opened@20",
    "LOW pending→firing @27 opened@20",
    "LOW firing→resolved @69 opened@20",
  ]);
  const resolved = customer.log.at(-1)!;
  assert.equal(resolved.reason, "heart rate above 55 bpm for 10 readings in a row");
  assert.equal(resolved.seq, 3);
});

Deno.test("HIGH: resolves only below 130 bpm; 130 itself does not count", () => {
  const customer = new Customer().series(0, [
    ...run(20, 120),
    ...run(10, 150),
    ...run(15, 130),
    ...run(9, 129),
    ...run(10, 70),
  ]);
  const moves = customer.moves("HIGH");
  assert.equal(moves.length, 3);
  assert.equal(moves[2], "HIGH firing→resolved @54 opened@20");
});

Deno.test("LOW: a gap neither resolves it nor opens it", () => {
  const customer = new Customer().series(0, [...run(20, 70), ...run(10, 45)]);
  customer.series(30, run(60, null)); // a minute without readings
  customer.series(90, run(9, 70));
  assert.deepEqual(customer.moves("LOW"), [
    "LOW ∅→pending @27 opened@20",
    "LOW pending→firing @27 opened@20",
  ]);
  customer.series(99, run(10, 70));
  assert.equal(customer.moves("LOW")[2], "LOW firing→resolved @99 opened@20");

  // Every other second at 45 bpm: at most 5 of any 10 s are beyond, the others are gaps.
  const sparse = new Customer().series(0, [
    ...run(20, 70),
    ...run(30, null).map((_, i) => i % 2 ? null : 45),
    ...run(20, 70),
  ]);
  assert.deepEqual(sparse.moves("LOW"), []);
});

Deno.test("EXTREME_LOW: two seconds at ≤ 40 bpm do not open it, three do, at once", () => {
  assert.deepEqual(episode([40, 40]).moves("EXTREME_LOW"), []);
  const customer = new Customer().series(0, run(20, 70)).series(20, [40, 40]);
  const step = customer.read(22, 40);
  assert.deepEqual(
    step.transitions.filter((t) => t.rule === "EXTREME_LOW").map((t) => [t.to, t.priority]),
    [["pending", "critical"], ["firing", "critical"]],
    "opened by the third reading itself, without waiting for the watermark",
  );
  assert.deepEqual(customer.moves("EXTREME_LOW"), [
    "EXTREME_LOW ∅→pending @22 opened@20",
    "EXTREME_LOW pending→firing @22 opened@20",
  ]);
});

Deno.test("EXTREME_HIGH: three seconds at ≥ 160 bpm open it, 159 never does", () => {
  assert.deepEqual(episode(run(5, 159)).moves("EXTREME_HIGH"), []);
  const moves = episode(run(5, 160)).moves("EXTREME_HIGH");
  assert.deepEqual(moves.slice(0, 2), [
    "EXTREME_HIGH ∅→pending @22 opened@20",
    "EXTREME_HIGH pending→firing @22 opened@20",
  ]);
  assert.equal(moves[2], "EXTREME_HIGH firing→resolved @34 opened@20");
});

Deno.test("EXTREME_LOW inhibits LOW: one critical alert, no separate LOW", () => {
  const customer = episode(run(20, 38));
  assert.deepEqual(customer.moves("EXTREME_LOW"), [
    "EXTREME_LOW ∅→pending @22 opened@20",
    "EXTREME_LOW pending→firing @22 opened@20",
    "EXTREME_LOW firing→resolved @49 opened@20",
  ]);
  assert.deepEqual(customer.moves("LOW"), []);
});

Deno.test("EXTREME_LOW: a LOW already open stays open; once EXTREME resolves, LOW can open", () => {
  const before = new Customer().series(0, [...run(20, 70), ...run(10, 45), ...run(10, 38)]);
  assert.deepEqual(before.moves("LOW").map((m) => m.split(" ")[1]), [
    "∅→pending",
    "pending→firing",
  ]);
  assert.equal(before.moves("EXTREME_LOW").length, 2);

  // 38 bpm (EXTREME) then 47 bpm: EXTREME resolves above 45, then LOW opens on its own.
  const after = episode([...run(10, 38), ...run(30, 47)]);
  assert.deepEqual(after.moves("EXTREME_LOW").at(-1), "EXTREME_LOW firing→resolved @39 opened@20");
  assert.deepEqual(after.moves("LOW").slice(0, 1), ["LOW ∅→pending @39 opened@30"]);
});

Deno.test("EXTREME fast path: waits for the second before the run, then opens as in order", () => {
  const inOrder = new Customer().series(0, [...run(21, 70), 38, 38, 38, ...run(10, 70)]);
  const shuffled = new Customer().series(0, run(20, 70));
  for (const sec of [21, 22, 23]) shuffled.read(sec, 38);
  assert.deepEqual(shuffled.moves("EXTREME_LOW"), [], "second 20 may still be extreme");
  shuffled.read(20, 70);
  assert.deepEqual(shuffled.moves("EXTREME_LOW"), [
    "EXTREME_LOW ∅→pending @23 opened@21",
    "EXTREME_LOW pending→firing @23 opened@21",
  ]);
  shuffled.series(24, run(10, 70));
  assert.deepEqual(shuffled.log.map((t) => t.alertId), inOrder.log.map((t) => t.alertId));

  // The late second turns out extreme too: the run starts one second earlier.
  const earlier = new Customer().series(0, run(20, 70));
  for (const sec of [21, 22, 23]) earlier.read(sec, 38);
  earlier.read(20, 38);
  assert.deepEqual(earlier.moves("EXTREME_LOW")[0], "EXTREME_LOW ∅→pending @22 opened@20");
});

Deno.test("EXTREME fast path: a run after a gap opens once the gap is final", () => {
  const customer = new Customer().series(0, run(20, 70));
  customer.series(22, [38, 38, 38]); // second 21 has no reading (yet)
  assert.deepEqual(customer.moves("EXTREME_LOW"), []);
  customer.read(25, 38); // second 21 is now final and empty: the run started at 22
  assert.deepEqual(customer.moves("EXTREME_LOW")[0], "EXTREME_LOW ∅→pending @24 opened@22");
});

Deno.test("threshold rules: custom settings are respected", () => {
  const config = settings({ windowS: 5, windowMinS: 3, closeS: 3, lowBpm: 60, lowCloseBpm: 62 });
  const customer = new Customer(config).series(0, [...run(20, 70), 60, 60, 60, ...run(10, 70)]);
  assert.deepEqual(customer.moves("LOW"), [
    "LOW ∅→pending @22 opened@20",
    "LOW pending→firing @22 opened@20",
    "LOW firing→resolved @25 opened@20",
  ]);
});
