import assert from "node:assert/strict";
import { signalLossEpisodes } from "./signal_loss.ts";

const S = 1000;
const SETTINGS = { noDataAfterMs: 30 * S, intervalMs: S };

Deno.test("signalLossEpisodes: long silences are required, those near the timeout tolerated", () => {
  const times = [0, 1, 2, 40, 41, 70, 71, 100].map((s) => s * S);
  const found = signalLossEpisodes("c", times, null, SETTINGS);
  assert.deepEqual(
    found.map((e) => [e.startMs / S, e.endMs / S, e.required, e.rule]),
    [[3, 40, true, "NO_DATA"], [42, 70, false, "NO_DATA"], [72, 100, false, "NO_DATA"]],
  );
});

Deno.test("signalLossEpisodes: short silences expect nothing; timers until the end count", () => {
  const times = [0, 10, 20].map((s) => s * S);
  assert.deepEqual(signalLossEpisodes("c", times, null, SETTINGS), []);
  const trailing = signalLossEpisodes("c", times, 100 * S, SETTINGS);
  assert.deepEqual(trailing.map((e) => [e.startMs / S, e.endMs / S, e.required]), [[
    21,
    100,
    true,
  ]]);
});

Deno.test("signalLossEpisodes: extra slack (reordering) widens the tolerated band", () => {
  const times = [0, 34].map((s) => s * S);
  assert.equal(signalLossEpisodes("c", times, null, SETTINGS)[0]!.required, true);
  const slack = signalLossEpisodes("c", times, null, { ...SETTINGS, extraSlackMs: 3 * S });
  assert.equal(slack[0]!.required, false);
});
