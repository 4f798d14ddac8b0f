import assert from "node:assert/strict";
import { Customer, run, T0 } from "./_test_support.ts";

/** LOW episodes (10 s at 45 bpm, then 15 s at 70) starting at the given seconds. */
function lowCycles(starts: readonly number[], tail: number): Customer {
  const customer = new Customer().series(0, run(20, 70));
  for (const start of starts) customer.series(start, [...run(10, 45), ...run(15, 70)]);
  const last = starts.at(-1)! + 25;
  return customer.series(last, run(tail, 70));
}

Deno.test("flapping: the 4th LOW within 10 min is one flapping alert until 10 min without the condition", () => {
  const customer = lowCycles([20, 45, 70, 95, 120], 700);
  assert.deepEqual(customer.moves("LOW"), [
    "LOW ∅→pending @27 opened@20",
    "LOW pending→firing @27 opened@20",
    "LOW firing→resolved @39 opened@20",
    "LOW ∅→pending @52 opened@45",
    "LOW pending→firing @52 opened@45",
    "LOW firing→resolved @64 opened@45",
    "LOW ∅→pending @77 opened@70",
    "LOW pending→firing @77 opened@70",
    "LOW firing→resolved @89 opened@70",
    "LOW ∅→pending @102 opened@95",
    "LOW pending→firing @102 opened@95",
    // The 5th episode (120-129) belongs to it and restarts the 600 readings above 55 bpm.
    "LOW firing→resolved @729 opened@95",
  ]);
  const flags = customer.log.filter((t) => t.rule === "LOW").map((t) => t.flapping);
  assert.deepEqual(flags, [...new Array(9).fill(false), true, true, true]);
  assert.match(customer.log.at(-1)!.reason, /for 600 readings in a row \(it was flapping\)/);
});

Deno.test("flapping: four LOW alerts spread over more than 10 min do not flap", () => {
  const customer = lowCycles([20, 230, 440, 650], 20);
  const low = customer.log.filter((t) => t.rule === "LOW");
  assert.equal(low.length, 12);
  assert.ok(low.every((t) => !t.flapping));
});

Deno.test("flapping: a 4th signal loss within 10 min stays firing while readings come and go", () => {
  const customer = new Customer();
  for (const base of [0, 100, 200, 300]) {
    customer.series(base, run(10, 70));
    customer.tick(T0 + (base + 9) * 1000 + 550 + 30_000);
  }
  assert.equal(customer.moves("NO_DATA").length, 3 * 3 + 2);
  assert.ok(customer.log.at(-1)!.flapping);
  customer.series(400, run(600, 70));
  assert.equal(customer.moves("NO_DATA").length, 11, "readings resumed 600 s ago, not yet 600 s");
  assert.equal(customer.engine.nextDeadlineMs(customer.state), T0 + 999_550 + 30_000);
  customer.read(1000, 70);
  assert.equal(customer.moves("NO_DATA").at(-1), "NO_DATA firing→resolved @1000 opened@310");
});
