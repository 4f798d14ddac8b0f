import assert from "node:assert/strict";
import { Customer, run } from "./_test_support.ts";

/** 86 bpm for 20 s, then `middle`, then 86 bpm for 20 s: the SPIKE moves and artifacts. */
function around(middle: readonly (number | null)[]): Customer {
  return new Customer().series(0, [...run(20, 86), ...middle, ...run(20, 86)]);
}

Deno.test("SPIKE: a jump whose new level holds opens at the jump and resolves after the hold", () => {
  const customer = new Customer().series(0, [...run(20, 70), ...run(70, 110)]);
  assert.deepEqual(customer.moves("SPIKE"), [
    "SPIKE ∅→pending @26 opened@20",
    "SPIKE pending→firing @26 opened@20",
    "SPIKE firing→resolved @80 opened@20",
  ]);
  const firing = customer.log.find((t) => t.rule === "SPIKE" && t.to === "firing")!;
  assert.equal(firing.priority, "medium");
  assert.equal(firing.value, 110);
  assert.equal(firing.threshold, 30);
  assert.match(firing.reason, /^heart rate rose from 70 to 110 bpm and held/);
  assert.equal(customer.artifacts, 0);
});

Deno.test("SPIKE: artifacts of 1, 2 and 3 s are counted and never alerted (the 3-s one passed the old 5-s median)", () => {
  for (const artifact of [[137], [137, 136], [137, 136, 138]]) {
    const customer = around(artifact);
    assert.deepEqual(customer.moves("SPIKE"), [], `${artifact.length} s`);
    assert.equal(customer.artifacts, 1, `${artifact.length} s`);
  }
});

Deno.test("SPIKE: two same-direction artifacts close together are two artifacts, not a level", () => {
  for (const gap of [0, 1, 2, 3]) {
    const customer = around([137, 136, 138, ...run(gap, 86), 131, 133, 135]);
    assert.deepEqual(customer.moves("SPIKE"), [], `gap ${gap} s`);
    assert.ok(customer.artifacts >= 1, `gap ${gap} s`);
  }
  // 1 + 1 + 3 s: the later half of the confirm window still has a second back at 86.
  assert.deepEqual(around([137, 86, 136, 86, 131, 133, 135]).moves("SPIKE"), []);
});

Deno.test("SPIKE: the return to the usual rate after an excursion of artifacts is no new level", () => {
  // 6 of 10 baseline seconds at 130 move its median; the return to 86 is where it was.
  const customer = new Customer().series(0, [
    ...run(20, 86),
    130,
    131,
    129,
    86,
    86,
    130,
    132,
    131,
    ...run(20, 86),
  ]);
  assert.deepEqual(customer.moves("SPIKE"), []);
});

Deno.test("SPIKE: a jump from rates that swing (pauses, atrial fibrillation) is no change of level", () => {
  const swinging = [86, 40, 84, 35, 88, 42, 85, 38, 87, 41];
  const customer = new Customer().series(0, [...swinging, ...swinging, ...run(20, 120)]);
  assert.deepEqual(customer.moves("SPIKE"), []);
});

Deno.test("SPIKE: the new level must be steady: readings that spread over more than Δ/2 are not one", () => {
  const shift = (fifth: number) =>
    new Customer().series(0, [...run(20, 86), 120, 121, 119, 122, fifth, 128, 121, ...run(9, 121)])
      .moves("SPIKE")[0];
  assert.equal(shift(135), "SPIKE ∅→pending @26 opened@20", "spread 14 bpm over the last 4 s");
  assert.notEqual(shift(138), "SPIKE ∅→pending @26 opened@20", "spread 17 bpm is no level");
});

Deno.test("SPIKE: a second of the later half back halfway to the baseline makes it an artifact", () => {
  const shift = (sixth: number) =>
    new Customer().series(0, [...run(20, 86), ...run(5, 116), sixth, ...run(10, 116)])
      .moves("SPIKE")[0];
  assert.equal(shift(101), "SPIKE ∅→pending @26 opened@20", "15 bpm (Δ/2) from the baseline");
  assert.notEqual(shift(100), "SPIKE ∅→pending @26 opened@20", "14 bpm: back halfway");
});

Deno.test("SPIKE: a change of exactly Δ (30 bpm) is a spike, 29 is not; falls count too", () => {
  assert.deepEqual(new Customer().series(0, [...run(20, 70), ...run(20, 99)]).moves("SPIKE"), []);
  assert.equal(
    new Customer().series(0, [...run(20, 70), ...run(20, 100)]).moves("SPIKE").length,
    2,
  );
  const fall = new Customer().series(0, [...run(20, 110), ...run(20, 75)]);
  assert.match(fall.log.find((t) => t.rule === "SPIKE")!.reason, /fell from 110 to 75 bpm/);
});

Deno.test("SPIKE: a jump that reverts after the 7-s confirm window was a change of level", () => {
  assert.equal(around(run(7, 130)).moves("SPIKE").length, 2);
  assert.deepEqual(around(run(6, 130)).moves("SPIKE"), [], "6 s leaves a second of the window");
});

Deno.test("SPIKE: a real shift right after an artifact the other way is still an onset", () => {
  const customer = new Customer().series(0, [...run(20, 86), 40, 41, ...run(30, 125)]);
  assert.deepEqual(customer.moves("SPIKE").slice(0, 2), [
    "SPIKE ∅→pending @28 opened@22",
    "SPIKE pending→firing @28 opened@22",
  ]);
  assert.equal(customer.artifacts, 1);
});

Deno.test("SPIKE: jumps confirmed while one is open belong to it", () => {
  const customer = new Customer().series(0, [...run(20, 70), ...run(20, 110), ...run(60, 70)]);
  assert.deepEqual(customer.moves("SPIKE"), [
    "SPIKE ∅→pending @26 opened@20",
    "SPIKE pending→firing @26 opened@20",
    "SPIKE firing→resolved @80 opened@20",
  ]);
});

Deno.test("SPIKE: needs a baseline: a jump after a long gap is not judged", () => {
  const customer = new Customer().series(0, run(20, 70)).series(60, run(20, 110));
  assert.deepEqual(customer.moves("SPIKE"), []);
  assert.equal(customer.artifacts, 0);
});
