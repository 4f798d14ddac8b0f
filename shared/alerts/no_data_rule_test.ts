import assert from "node:assert/strict";
import { Customer, run, T0 } from "./_test_support.ts";

const LAST_ARRIVAL = T0 + 9_550; // second 9: measured at 9.25 s, arrived 300 ms later

Deno.test("NO_DATA: opens 30 s of wall-clock time after the last reading, not before", () => {
  const customer = new Customer().series(0, run(10, 70));
  assert.equal(customer.engine.nextDeadlineMs(customer.state), LAST_ARRIVAL + 30_000);
  assert.deepEqual(customer.tick(LAST_ARRIVAL + 29_999).transitions, []);
  const step = customer.tick(LAST_ARRIVAL + 30_000);
  assert.deepEqual(step.transitions.map((t) => [t.rule, t.from, t.to, t.seq]), [
    ["NO_DATA", null, "pending", 1],
    ["NO_DATA", "pending", "firing", 2],
  ]);
  const firing = step.transitions[1]!;
  assert.equal(firing.atMs, LAST_ARRIVAL + 30_000, "NO_DATA is about the wall clock");
  assert.equal(firing.openedAtMs, T0 + 10_000, "the episode began after the last event second");
  assert.equal(firing.priority, "high");
  assert.equal(firing.value, 30);
  assert.ok(firing.atMs - LAST_ARRIVAL <= 31_000);
  assert.equal(customer.engine.nextDeadlineMs(customer.state), Infinity);
  assert.deepEqual(customer.tick(LAST_ARRIVAL + 40_000).transitions, [], "opened once");
});

Deno.test("NO_DATA: the next reading resolves it", () => {
  const customer = new Customer().series(0, run(10, 70));
  customer.tick(LAST_ARRIVAL + 30_500);
  customer.read(45, 72);
  assert.deepEqual(customer.moves("NO_DATA"), [
    "NO_DATA ∅→pending @40.05 opened@10",
    "NO_DATA pending→firing @40.05 opened@10",
    "NO_DATA firing→resolved @45.25 opened@10",
  ]);
  assert.equal(customer.engine.nextDeadlineMs(customer.state), T0 + 45_550 + 30_000);
});

Deno.test("NO_DATA: a customer never seen has no timer; one silent too long is not reported", () => {
  const customer = new Customer();
  assert.equal(customer.engine.nextDeadlineMs(customer.state), Infinity);
  assert.deepEqual(customer.tick(T0).transitions, []);
  customer.series(0, run(10, 70));
  assert.deepEqual(customer.tick(LAST_ARRIVAL + 600_000).transitions, [], "the detector was down");
  assert.equal(customer.engine.nextDeadlineMs(customer.state), Infinity);
  customer.read(700, 70, { nowMs: T0 + 700_500 });
  assert.equal(customer.engine.nextDeadlineMs(customer.state), T0 + 730_500);
});

Deno.test("NO_DATA: mutes the threshold rules for the seconds that were pending at the loss", () => {
  // 45 bpm in seconds 20-29: LOW is due at second 27, which is not final when the readings
  // stop (the watermark is at 25). It becomes final only when readings resume.
  const muted = new Customer().series(0, [...run(20, 70), ...run(10, 45)]);
  muted.tick(T0 + 29_550 + 30_000);
  muted.series(100, run(10, 70));
  assert.deepEqual(muted.moves("LOW"), []);
  assert.equal(muted.moves("NO_DATA").length, 3);

  const unmuted = new Customer().series(0, [...run(20, 70), ...run(10, 45)]);
  unmuted.series(100, run(10, 70));
  assert.deepEqual(unmuted.moves("LOW").slice(0, 1), ["LOW ∅→pending @27 opened@20"]);
});
