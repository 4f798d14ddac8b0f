import assert from "node:assert/strict";
import { hash32, Prng, seedPrngState } from "./prng.ts";

function draws(prng: Prng, n: number): number[] {
  return Array.from({ length: n }, () => prng.nextUint32());
}

Deno.test("Prng: the same seed and stream give the same sequence", () => {
  assert.deepEqual(draws(Prng.fromSeed(7, 3), 100), draws(Prng.fromSeed(7, 3), 100));
});

Deno.test("Prng: another seed or another stream gives another sequence", () => {
  const base = draws(Prng.fromSeed(7, 3), 20);
  assert.notDeepEqual(draws(Prng.fromSeed(8, 3), 20), base);
  assert.notDeepEqual(draws(Prng.fromSeed(7, 4), 20), base);
});

Deno.test("Prng: seeds beyond 32 bits are not truncated", () => {
  assert.notDeepEqual(draws(Prng.fromSeed(2 ** 40), 5), draws(Prng.fromSeed(0), 5));
  assert.notEqual(hash32(1_700_000_000_000), hash32(1_700_000_000_000 + 2 ** 32));
});

Deno.test("Prng: save and load resume a stream exactly where it stopped", () => {
  const states = new Uint32Array(8);
  seedPrngState(states, 1, 42, 1);
  const prng = new Prng();
  prng.load(states, 1);
  const first = draws(prng, 5);
  prng.save(states, 1);
  const rest = draws(prng, 5);
  const resumed = new Prng();
  resumed.load(states, 1);
  assert.deepEqual(draws(resumed, 5), rest);
  assert.notDeepEqual(first, rest);
  assert.deepEqual([...states.slice(0, 4)], [0, 0, 0, 0], "other slots untouched");
});

Deno.test("Prng: nextFloat stays in [0, 1) and nextInt covers its inclusive range", () => {
  const prng = Prng.fromSeed(1);
  const seen = new Set<number>();
  for (let i = 0; i < 10_000; i++) {
    const f = prng.nextFloat();
    assert.ok(f >= 0 && f < 1, `nextFloat gave ${f}`);
    const n = prng.nextInt(3, 7);
    assert.ok(Number.isInteger(n) && n >= 3 && n <= 7, `nextInt gave ${n}`);
    seen.add(n);
  }
  assert.deepEqual([...seen].sort(), [3, 4, 5, 6, 7]);
});

Deno.test("Prng: nextGaussian has mean ~0 and standard deviation ~1", () => {
  const prng = Prng.fromSeed(99);
  const n = 100_000;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const z = prng.nextGaussian();
    assert.ok(Number.isFinite(z));
    sum += z;
    squares += z * z;
  }
  const mean = sum / n;
  const sd = Math.sqrt(squares / n - mean * mean);
  assert.ok(Math.abs(mean) < 0.02, `mean ${mean}`);
  assert.ok(Math.abs(sd - 1) < 0.02, `sd ${sd}`);
});

Deno.test("hash32: close inputs give unrelated, roughly uniform outputs", () => {
  const buckets = new Array(16).fill(0);
  for (let i = 0; i < 16_000; i++) buckets[hash32(5, i) >>> 28]++;
  for (const count of buckets) assert.ok(count > 850 && count < 1150, `bucket ${count}`);
});
