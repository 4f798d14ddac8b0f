import assert from "node:assert/strict";
import { every } from "./every.ts";

Deno.test("every: runs at once, again after each run ends, and stop waits for a run", async () => {
  let runs = 0;
  let running = 0;
  let overlapped = false;
  const stop = every(1, async () => {
    running++;
    if (running > 1) overlapped = true;
    runs++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    running--;
  }, () => {});
  while (runs < 3) await new Promise((resolve) => setTimeout(resolve, 2));
  await stop();
  const after = runs;
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(runs, after, "no run after stop");
  assert.equal(running, 0, "stop waited for the run in progress");
  assert.equal(overlapped, false);
});

Deno.test("every: a failing run is reported and the schedule goes on", async () => {
  const errors: unknown[] = [];
  let runs = 0;
  const stop = every(1, () => {
    runs++;
    return Promise.reject(new Error(`run ${runs}`));
  }, (error) => errors.push(error));
  while (runs < 2) await new Promise((resolve) => setTimeout(resolve, 2));
  await stop();
  assert.match(String(errors[0]), /run 1/);
});
