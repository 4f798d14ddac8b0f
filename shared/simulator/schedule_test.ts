import assert from "node:assert/strict";
import { inBurst, nextReadingMs, type ScheduleOptions } from "./schedule.ts";

const plain: ScheduleOptions = { startMs: 10_000, intervalMs: 1000, seed: 1, bursts: [] };

Deno.test("nextReadingMs: follows the customer's grid, offset by its phase", () => {
  assert.equal(nextReadingMs(plain, 0, 250, 0), 10_250);
  assert.equal(nextReadingMs(plain, 0, 250, 10_250), 11_250);
  assert.equal(nextReadingMs(plain, 0, 250, 10_900), 11_250);
  assert.equal(nextReadingMs(plain, 0, 250, 11_249), 11_250);
});

Deno.test("nextReadingMs: a burst member reports on the faster grid only during the burst", () => {
  const options: ScheduleOptions = {
    ...plain,
    bursts: [{ startMs: 20_000, durationMs: 1000, customerFraction: 1, rateMultiplier: 4 }],
  };
  const times: number[] = [];
  for (
    let t = nextReadingMs(options, 0, 100, 0);
    t < 23_000;
    t = nextReadingMs(options, 0, 100, t)
  ) {
    if (t >= 18_000) times.push(t);
  }
  // The burst step is 250 ms, offset by 100 % 250 = 100 ms; the normal grid resumes after.
  assert.deepEqual(times, [18_100, 19_100, 20_100, 20_350, 20_600, 20_850, 21_100, 22_100]);
});

Deno.test("inBurst: membership is deterministic and near the requested fraction", () => {
  const options: ScheduleOptions = {
    ...plain,
    bursts: [{ startMs: 0, durationMs: 1, customerFraction: 0.2, rateMultiplier: 2 }],
  };
  let members = 0;
  for (let i = 0; i < 10_000; i++) {
    assert.equal(inBurst(options, 0, i), inBurst(options, 0, i));
    if (inBurst(options, 0, i)) members++;
  }
  assert.ok(members > 1800 && members < 2200, `${members} members`);
});
