import assert from "node:assert/strict";
import { ALERT_STATE_BYTES, createAlertEngine } from "./alert_engine.ts";
import { classifyBeat, ECTOPIC, isEctopic, NN, PAUSE, tracked } from "./_irregular_rule.ts";
import { OFF_BEATS, OFF_IRREGULARITY, OFF_VERSION } from "./_state_layout.ts";
import { Customer, DEFAULTS, T0 } from "./_test_support.ts";

/** A deterministic uniform [0, 1) generator (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Feeds beats with the given RR intervals (ms) from event second `from`: each second's
 * reading carries the intervals that ended in it and the rate they make. Returns the
 * second after the last one fed.
 */
function beats(customer: Customer, from: number, rrs: readonly number[]): number {
  const perSecond = new Map<number, number[]>();
  let t = from * 1000;
  for (const rr of rrs) {
    t += rr;
    const sec = Math.floor(t / 1000);
    perSecond.set(sec, [...(perSecond.get(sec) ?? []), rr]);
  }
  const end = Math.floor(t / 1000) + 1;
  let bpm = 75;
  for (let sec = from; sec < end; sec++) {
    const rr = perSecond.get(sec) ?? [];
    if (rr.length > 0) bpm = Math.round(60_000 / (rr.reduce((a, b) => a + b, 0) / rr.length));
    customer.read(sec, bpm, { rr });
  }
  return end;
}

/** Atrial-fibrillation-like: every interval drawn at random from 450-1150 ms. */
function fibrillation(count: number, seed = 1): number[] {
  const next = random(seed);
  return Array.from({ length: count }, () => 450 + Math.round(next() * 700));
}

/** Sinus rhythm at ~75 bpm (±2 %), with an ectopic beat (short, then a long pause) every `every` beats. */
function sinus(count: number, every = 0, seed = 2): number[] {
  const next = random(seed);
  return Array.from({ length: count }, (_, i) => {
    if (every > 0 && i % every === every - 1) return 520;
    if (every > 0 && i % every === 0 && i > 0) return 1080;
    return Math.round(800 * (0.98 + 0.04 * next()));
  });
}

const RULE = "IRREGULAR_RHYTHM";

Deno.test("IRREGULAR_RHYTHM: atrial-fibrillation-like intervals open it as pending, then it fires", () => {
  const customer = new Customer();
  beats(customer, 0, [...sinus(60), ...fibrillation(240)]);
  const moves = customer.log.filter((t) => t.rule === RULE);
  assert.deepEqual(moves.map((t) => [t.from, t.to, t.seq]), [
    [null, "pending", 1],
    ["pending", "firing", 2],
  ]);
  const started = 48; // 60 beats of ~800 ms
  const firedAfter = (moves[1]!.atMs - moves[0]!.openedAtMs) / 1000;
  assert.equal(firedAfter, 10, "fires after ALERT_IRREGULAR_CONFIRM_S of pending");
  const delay = (moves[1]!.atMs - T0) / 1000 - started;
  assert.ok(delay > 0 && delay < 60, `fired ${delay} s into the episode`);
  assert.equal(moves[0]!.priority, "high");
  assert.ok(moves[1]!.value! >= 0.5, `irregular share ${moves[1]!.value}`);
});

Deno.test("IRREGULAR_RHYTHM: resolves when the rhythm is regular again", () => {
  const customer = new Customer();
  const end = beats(customer, 0, [...sinus(40), ...fibrillation(200)]);
  beats(customer, end, sinus(120));
  assert.deepEqual(customer.moves(RULE).map((m) => m.split(" ")[1]), [
    "∅→pending",
    "pending→firing",
    "firing→resolved",
  ]);
});

Deno.test("IRREGULAR_RHYTHM: sinus rhythm with isolated ectopic beats never opens it", () => {
  for (const every of [0, 20, 10]) {
    const customer = new Customer();
    beats(customer, 0, sinus(600, every));
    assert.deepEqual(customer.moves(RULE), [], `an ectopic beat every ${every} beats`);
  }
});

Deno.test("IRREGULAR_RHYTHM: bigeminy and trigeminy (regularly irregular) never open it", () => {
  const bigeminy = Array.from({ length: 400 }, (_, i) => (i % 2 ? 1040 : 560) + (i % 7));
  const trigeminy = Array.from({ length: 400 }, (_, i) => [800, 560, 1040][i % 3]! + (i % 5));
  for (const rrs of [bigeminy, trigeminy]) {
    const customer = new Customer();
    beats(customer, 0, rrs);
    assert.deepEqual(customer.moves(RULE), []);
  }
});

Deno.test("IRREGULAR_RHYTHM: readings without intervals neither open nor resolve it", () => {
  const customer = new Customer();
  const end = beats(customer, 0, fibrillation(200));
  const opened = customer.moves(RULE).length;
  assert.equal(opened, 2);
  customer.series(end, new Array(120).fill(70));
  assert.equal(customer.moves(RULE).length, opened);
});

/**
 * Sinus rhythm at ~75 bpm with premature beats at random: ventricular ones (55-85 % of the
 * cycle, then a compensatory pause to two cycles) with probability `pvc`, atrial ones (40-80 %,
 * then a cycle of 95-115 %) with probability `pac`, some of them blocked (a pause of 1.6-1.9
 * cycles) or in salvos of two. Returns the intervals.
 */
function ectopy(count: number, pvc: number, pac: number, seed = 3): number[] {
  const next = random(seed);
  const out: number[] = [];
  while (out.length < count) {
    const m = Math.round(800 * (0.98 + 0.04 * next()));
    const x = next();
    if (x < pvc) {
      const s = Math.round(m * (0.55 + 0.3 * next()));
      out.push(s, 2 * m - s);
    } else if (x < pvc + pac) {
      const kind = next();
      if (kind < 0.15) out.push(Math.round(m * (1.6 + 0.3 * next())));
      else if (kind < 0.3) out.push(Math.round(m * 0.6), Math.round(m * 0.45), m);
      else out.push(Math.round(m * (0.4 + 0.4 * next())), Math.round(m * (0.95 + 0.2 * next())));
    } else {
      out.push(m);
    }
  }
  return out;
}

Deno.test("IRREGULAR_RHYTHM: frequent premature beats and blocked ones (MIT-BIH 201's trigeminy and APC runs) never open it", () => {
  const cases = [[0.3, 0], [0, 0.25], [0.15, 0.15]] as const;
  cases.forEach(([pvc, pac], i) => {
    const customer = new Customer();
    beats(customer, 0, ectopy(1500, pvc, pac, 10 + i));
    assert.deepEqual(
      customer.moves(RULE),
      [],
      `premature beats: ventricular ${pvc}, atrial ${pac}`,
    );
  });
});

Deno.test("IRREGULAR_RHYTHM: atrial fibrillation among frequent premature beats still fires", () => {
  const customer = new Customer();
  beats(customer, 0, [...ectopy(300, 0.15, 0.15), ...fibrillation(300)]);
  const moves = customer.moves(RULE).map((m) => m.split(" ")[1]);
  assert.deepEqual(moves, ["∅→pending", "pending→firing"]);
});

Deno.test("IRREGULAR_RHYTHM: seconds at or above ALERT_EXTREME_HIGH_BPM are left out (ventricular flutter is EXTREME_HIGH's)", () => {
  // Flutter-like: 3-5 beats a second of 200-330 ms, a device keeping the last two of each.
  const next = random(7);
  const flutter = Array.from({ length: 900 }, () => 200 + Math.round(next() * 130));
  const customer = new Customer();
  const end = beats(customer, 0, [...sinus(60), ...flutter]);
  assert.ok(end > 250);
  assert.deepEqual(customer.moves(RULE), []);
  assert.ok(customer.moves("EXTREME_HIGH").length > 0);

  // The same intervals read at a rate just below the threshold do count.
  const below = new Customer();
  let t = 0;
  const perSecond = new Map<number, number[]>();
  for (const rr of [...sinus(60), ...fibrillation(400)]) {
    t += rr;
    const sec = Math.floor(t / 1000);
    perSecond.set(sec, [...(perSecond.get(sec) ?? []), rr]);
  }
  for (let sec = 0; sec <= Math.floor(t / 1000); sec++) {
    below.read(sec, DEFAULTS.extremeHighBpm - 1, { rr: perSecond.get(sec) ?? [] });
  }
  assert.equal(below.moves(RULE).length, 2, "opened and fired just below the threshold");
});

/** A customer whose irregular share is set directly; readings carry no beat (a pause), so it stays. */
function heldShare(share: number, seconds: number, dipAt = -1, dipShare = 0): Customer {
  const customer = new Customer();
  const set = (x: number) => {
    customer.state[OFF_IRREGULARITY] = Math.round(x * 65535) & 0xff;
    customer.state[OFF_IRREGULARITY + 1] = Math.round(x * 65535) >> 8;
  };
  for (let sec = 0; sec < seconds; sec++) {
    set(sec === dipAt ? dipShare : share);
    customer.read(sec, 75, { rr: [] });
  }
  return customer;
}

Deno.test("IRREGULAR_RHYTHM: opens at ALERT_IRREGULAR_OPEN_PCT and fires after ALERT_IRREGULAR_CONFIRM_S at or above it", () => {
  const open = DEFAULTS.irregularOpenPct / 100;
  assert.deepEqual(heldShare(open - 0.001, 60).moves(RULE), []);
  const at = heldShare(open + 0.001, 60).log.filter((t) => t.rule === RULE);
  assert.deepEqual(at.map((t) => t.to), ["pending", "firing"]);
  assert.equal((at[1]!.atMs - at[0]!.atMs) / 1000, DEFAULTS.irregularConfirmS);
});

Deno.test("IRREGULAR_RHYTHM: a dip below the opening share restarts the confirmation; below the close share resolves", () => {
  const open = DEFAULTS.irregularOpenPct / 100;
  const close = DEFAULTS.irregularClosePct / 100;
  const lag = DEFAULTS.reorderToleranceS + 1; // the read at second s evaluates second s - lag
  const steady = heldShare(open + 0.05, 60).log.filter((t) => t.rule === RULE);
  const opened = (steady[0]!.atMs - T0) / 1000;
  const dip = opened + 5;
  const dipped = heldShare(open + 0.05, 60, dip + lag, close + 0.01).log.filter((t) =>
    t.rule === RULE
  );
  assert.deepEqual(dipped.map((t) => t.to), ["pending", "firing"]);
  assert.equal((dipped[1]!.atMs - T0) / 1000, dip + DEFAULTS.irregularConfirmS);
  const dropped = heldShare(open + 0.05, 60, dip + lag, close - 0.01).log.filter((t) =>
    t.rule === RULE
  );
  assert.deepEqual(dropped.map((t) => t.to), ["pending", "resolved", "pending", "firing"]);
});

Deno.test("IRREGULAR_RHYTHM: premature beats, their return cycles and pauses at the boundaries", () => {
  const ref = 100; // 800 ms
  assert.equal(classifyBeat(84, 85, ref), ECTOPIC, "15 % short, returning to 85 %");
  assert.equal(classifyBeat(84, 84, ref), NN, "a run of short beats is the rhythm");
  assert.equal(classifyBeat(85, 130, ref), NN, "not premature enough, more than two cycles");
  assert.equal(classifyBeat(93, 107, ref), ECTOPIC, "late ventricular beat, compensatory pause");
  assert.equal(classifyBeat(94, 107, ref), NN);
  assert.equal(classifyBeat(93, 106, ref), NN);
  assert.equal(classifyBeat(90, 120, ref), ECTOPIC, "two cycles within 10 %");
  assert.equal(classifyBeat(90, 121, ref), NN);
  assert.equal(classifyBeat(160, 100, ref), PAUSE);
  assert.equal(classifyBeat(159, 100, ref), NN);
  assert.ok(isEctopic(40, 200, ref), "an early atrial beat and any return at least 85 %");
});

Deno.test("IRREGULAR_RHYTHM: the reference follows drift fast and pauses or salvos slowly", () => {
  assert.equal(tracked(100, 110), 105);
  assert.equal(tracked(100, 115), 107, "within 15 %: half of up to 25 %");
  assert.equal(tracked(100, 116), 103, "beyond: half of up to 6 %");
  assert.equal(tracked(100, 50), 97);
  assert.equal(tracked(100, 101), 100);
  assert.equal(tracked(1, 200), 2, "never stuck");
  assert.equal(tracked(255, 255), 255);
});

Deno.test("IRREGULAR_RHYTHM: a format-1 state is upgraded: its beat memory cleared, the rest kept", () => {
  const customer = new Customer();
  beats(customer, 0, fibrillation(100));
  const v1 = customer.state.slice();
  v1[OFF_VERSION] = 1;
  const upgraded = v1.slice();
  createAlertEngine(DEFAULTS).nextDeadlineMs(upgraded);
  assert.equal(upgraded[OFF_VERSION], 2);
  assert.deepEqual([...upgraded.subarray(OFF_BEATS, OFF_BEATS + 3)], [0, 0, 0]);
  v1.fill(0, OFF_BEATS, OFF_BEATS + 3);
  v1[OFF_VERSION] = 2;
  assert.deepEqual(upgraded, v1);
  assert.equal(upgraded.length, ALERT_STATE_BYTES);
});
