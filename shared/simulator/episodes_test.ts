import assert from "node:assert/strict";
import { type Episode, EPISODE_KINDS, type EpisodeKind } from "./episodes.ts";
import type { SimRecord } from "./record.ts";
import { createSimulator } from "./simulator.ts";
import { byCustomer, runFor, START_MS } from "./_testing.ts";

const DURATION_MS = 15 * 60_000;

/**
 * One busy run shared by the tests below: 200 customers, 15 minutes, frequent episodes of
 * every kind (the evaluation's kinds, off by default, included; they need beats).
 */
const sim = createSimulator({
  startMs: START_MS,
  customers: 200,
  invalidRate: 0.02,
  bradycardia: { rate: 0.0005 },
  tachycardia: { rate: 0.0005 },
  spike: { rate: 0.002 },
  dropout: { rate: 0.0005 },
  extremeBradycardia: { rate: 0.0003 },
  extremeTachycardia: { rate: 0.0003 },
  levelShift: { rate: 0.0003 },
  artifact: { rate: 0.001 },
  irregularRhythm: { rate: 0.0003 },
  rrIntervals: true,
});
const records = runFor(sim, DURATION_MS, 10_000);
const episodes = sim.episodes();
const groups = byCustomer(records);

function episodesOf(customerId: string): Episode[] {
  return episodes.filter((e) => e.customerId === customerId);
}

function labelOf(record: SimRecord): EpisodeKind | null {
  return record.truth.kind === "valid" ? record.truth.episode : null;
}

Deno.test("episodes: every kind is injected and listed with its times", () => {
  for (const kind of EPISODE_KINDS) {
    const found = episodes.filter((e) => e.kind === kind);
    assert.ok(found.length >= 5, `${found.length} ${kind} episodes`);
    for (const e of found) {
      assert.ok(e.endMs > e.startMs && e.startMs < START_MS + DURATION_MS);
      assert.equal(e.startTime, new Date(e.startMs).toISOString());
      assert.equal(e.endTime, new Date(e.endMs).toISOString());
      if (kind === "SPIKE") assert.equal(e.endMs, e.startMs + 1);
      if (kind === "DROPOUT") {
        assert.ok(e.endMs - e.startMs >= 5_000 && e.endMs - e.startMs <= 120_000);
      }
    }
  }
  for (let i = 1; i < episodes.length; i++) {
    assert.ok(episodes[i]!.startMs >= episodes[i - 1]!.startMs, "ordered by start");
  }
});

Deno.test("episodes: never overlap within one customer", () => {
  for (const id of groups.keys()) {
    const own = episodesOf(id);
    for (let i = 1; i < own.length; i++) {
      assert.ok(
        own[i]!.startMs >= own[i - 1]!.endMs,
        `${id}: ${own[i - 1]!.kind} then ${own[i]!.kind}`,
      );
    }
  }
});

Deno.test("episodes: labelled readings hold the kind's definition", () => {
  const labelled = new Map<EpisodeKind, number>();
  for (const record of records) {
    if (record.truth.kind !== "valid" || record.truth.episode === null) continue;
    const { episode, event } = record.truth;
    labelled.set(episode, (labelled.get(episode) ?? 0) + 1);
    if (episode === "BRADYCARDIA") {
      assert.ok(event.heart_rate >= 35 && event.heart_rate <= 48, `${event.heart_rate}`);
    }
    if (episode === "TACHYCARDIA") {
      assert.ok(event.heart_rate >= 150 && event.heart_rate <= 185, `${event.heart_rate}`);
    }
    assert.notEqual(episode, "DROPOUT");
  }
  for (const kind of ["BRADYCARDIA", "TACHYCARDIA", "SPIKE"] as const) {
    assert.ok((labelled.get(kind) ?? 0) > 0, `no ${kind} readings`);
  }
});

Deno.test("episodes: a spike jumps at least 35 bpm from the previous valid reading, then returns", () => {
  let spikes = 0;
  for (const own of groups.values()) {
    const valid = own.filter((r) => r.truth.kind === "valid");
    valid.forEach((record, k) => {
      if (labelOf(record) !== "SPIKE") return;
      spikes++;
      const rate = (r: SimRecord) => r.truth.kind === "valid" ? r.truth.event.heart_rate : NaN;
      const delta = Math.abs(rate(record) - rate(valid[k - 1]!));
      assert.ok(delta >= 35 && delta <= 60, `spike delta ${delta}`);
      const next = valid[k + 1];
      const soon = next !== undefined && next.timestampMs - record.timestampMs <= 1000;
      if (soon && labelOf(next) === null) {
        assert.ok(Math.abs(rate(next) - rate(valid[k - 1]!)) < 25);
      }
    });
  }
  assert.equal(spikes, episodes.filter((e) => e.kind === "SPIKE").length, "one reading per spike");
});

Deno.test("episodes: a dropout leaves no record of that customer in its span", () => {
  for (const e of episodes.filter((e) => e.kind === "DROPOUT")) {
    const inside = groups.get(e.customerId)!.filter((r) =>
      r.timestampMs >= e.startMs && r.timestampMs < e.endMs
    );
    assert.deepEqual(inside, [], `${e.customerId} ${e.startTime}`);
  }
});

Deno.test("episodes: labels and the episode list agree in both directions", () => {
  for (const [id, own] of groups) {
    const spans = episodesOf(id);
    for (const record of own) {
      const t = record.timestampMs;
      const span = spans.find((e) => t >= e.startMs && t < e.endMs);
      if (record.truth.kind === "invalid") {
        assert.notEqual(span?.kind, "SPIKE", "spike readings are never replaced");
        continue;
      }
      assert.equal(
        record.truth.episode,
        span?.kind ?? null,
        `${id} at ${new Date(t).toISOString()}`,
      );
    }
    for (const e of spans.filter((e) => e.kind !== "DROPOUT")) {
      assert.ok(
        own.some((r) => r.timestampMs === e.startMs),
        `${id}: ${e.kind} starts on a reading`,
      );
    }
  }
});

Deno.test("episodes: outside episodes readings stay within the normal band 51..139", () => {
  for (const record of records) {
    if (record.truth.kind !== "valid" || record.truth.episode !== null) continue;
    const rate = record.truth.event.heart_rate;
    assert.ok(rate >= 51 && rate <= 139, `${rate}`);
  }
});
