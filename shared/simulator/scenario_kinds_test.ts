/** The episode kinds the evaluation's scenarios switch on (all off by default). */
import assert from "node:assert/strict";
import { drawEpisodeLevel, type EpisodeKind } from "./episodes.ts";
import { Prng } from "./prng.ts";
import { createSimulator } from "./simulator.ts";
import type { SimRecord } from "./record.ts";
import { byCustomer, NO_EPISODES, runFor, START_MS } from "./_testing.ts";

const sim = createSimulator({
  startMs: START_MS,
  customers: 100,
  invalidRate: 0,
  rrIntervals: true,
  ...NO_EPISODES,
  extremeBradycardia: { rate: 0.002 },
  extremeTachycardia: { rate: 0.002 },
  levelShift: { rate: 0.002 },
  artifact: { rate: 0.01 },
});
const records = runFor(sim, 20 * 60_000, 10_000);
const groups = byCustomer(records);
const episodes = sim.episodes();

function labelOf(record: SimRecord | undefined): EpisodeKind | null {
  return record?.truth.kind === "valid" ? record.truth.episode : null;
}

function rateOf(record: SimRecord): number {
  return record.truth.kind === "valid" ? record.truth.event.heart_rate : NaN;
}

Deno.test("scenario kinds: each is injected, with durations in its range", () => {
  const ranges: [EpisodeKind, number, number][] = [
    ["EXTREME_BRADYCARDIA", 10_000, 120_000],
    ["EXTREME_TACHYCARDIA", 10_000, 120_000],
    ["LEVEL_SHIFT", 60_000, 300_000],
    ["ARTIFACT", 1_000, 3_000],
  ];
  for (const [kind, min, max] of ranges) {
    const found = episodes.filter((e) => e.kind === kind);
    assert.ok(found.length >= 20, `${found.length} ${kind}`);
    for (const e of found) assert.ok(e.endMs - e.startMs >= min && e.endMs - e.startMs <= max);
  }
  assert.equal(episodes.filter((e) => e.kind === "BRADYCARDIA").length, 0, "others stay off");
});

Deno.test("scenario kinds: labelled readings stay in their bands", () => {
  const bands: Partial<Record<EpisodeKind, [number, number]>> = {
    EXTREME_BRADYCARDIA: [28, 37],
    EXTREME_TACHYCARDIA: [165, 200],
    LEVEL_SHIFT: [55, 130],
    ARTIFACT: [41, 159],
  };
  for (const record of records) {
    const band = bands[labelOf(record)!];
    if (band) {
      assert.ok(rateOf(record) >= band[0] && rateOf(record) <= band[1], `${rateOf(record)}`);
    }
  }
});

Deno.test("scenario kinds: level shifts and artifacts jump from the previous reading", () => {
  const jumps: Record<string, number[]> = { LEVEL_SHIFT: [], ARTIFACT: [] };
  for (const own of groups.values()) {
    own.forEach((record, k) => {
      const kind = labelOf(record);
      if (k === 0 || (kind !== "LEVEL_SHIFT" && kind !== "ARTIFACT")) return;
      if (labelOf(own[k - 1]) === kind) return; // not the first reading of the episode
      jumps[kind]!.push(Math.abs(rateOf(record) - rateOf(own[k - 1]!)));
    });
  }
  for (const [kind, list] of Object.entries(jumps)) {
    list.sort((a, b) => a - b);
    assert.ok(list.length >= 20, `${list.length} ${kind}`);
    assert.ok(list[Math.floor(list.length / 2)]! >= 35, `${kind} median jump`);
    assert.ok(list[Math.floor(list.length * 0.05)]! >= 25, `${kind} 5th percentile jump`);
  }
});

Deno.test("scenario kinds: an artifact reverts: the reading after it is close to the one before", () => {
  let checked = 0;
  for (const e of episodes.filter((e) => e.kind === "ARTIFACT")) {
    const own = groups.get(e.customerId)!;
    const first = own.findIndex((r) => r.timestampMs >= e.startMs);
    const end = own.findIndex((r) => r.timestampMs >= e.endMs);
    const after = end < 0 ? own.length : end;
    assert.ok(after - first >= 1 && after - first <= 3, `${after - first} artifact readings`);
    const before = own[first - 1];
    const normalAround = before !== undefined && labelOf(before) === null &&
      after < own.length && labelOf(own[after]) === null;
    if (!normalAround) continue;
    checked++;
    assert.ok(Math.abs(rateOf(own[after]!) - rateOf(before!)) < 25);
  }
  assert.ok(checked > 100, `${checked} artifacts checked`);
});

Deno.test("drawEpisodeLevel: when neither way fits the band, the farther edge keeps the jump large", () => {
  const options = createSimulator({ startMs: START_MS, customers: 1 }).options;
  const prng = Prng.fromSeed(3);
  for (let k = 0; k < 500; k++) {
    const normal = 60 + (k % 60);
    const level = drawEpisodeLevel(prng, "LEVEL_SHIFT", normal, options);
    assert.ok(level >= 55 && level <= 130, `${level}`);
    assert.ok(Math.abs(level - normal) >= 35, `${normal} -> ${level}`);
  }
});
