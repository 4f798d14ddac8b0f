/**
 * The simulator's random numbers: xoshiro128** (Blackman & Vigna), seeded through a
 * SplitMix32-style hash. Chosen over mulberry32 because its 128-bit state gives every
 * customer its own stream that does not overlap another's (mulberry32's 32-bit state makes
 * all streams shifted copies of one cycle, so 100k customers would soon repeat each other
 * and collide on event ids). The state is four uint32 words, small enough to keep one per
 * customer in a `Uint32Array`.
 */

const TWO_POW_32 = 4_294_967_296;

/**
 * Mixes up to three 32-bit integers into one well-spread uint32 (a SplitMix32 finaliser
 * per input). Used to derive independent seeds, e.g. `hash32(seed, customerIndex)`, and
 * stateless per-customer decisions such as burst membership. Inputs beyond 32 bits are
 * folded in (high and low halves), so any safe integer seed works.
 */
export function hash32(a: number, b = 0, c = 0): number {
  let h = 0x9e3779b9;
  h = _mix(h ^ _fold(a));
  h = _mix(h ^ _fold(b));
  h = _mix(h ^ _fold(c));
  return h >>> 0;
}

function _fold(value: number): number {
  const low = value >>> 0;
  const high = Math.floor(value / TWO_POW_32) >>> 0;
  return (low ^ Math.imul(high, 0x85ebca6b)) | 0;
}

function _mix(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return z ^ (z >>> 16);
}

/**
 * Writes the initial xoshiro128** state of stream `stream` of `seed` into `states` at
 * `index` (words `4*index … 4*index+3`). Distinct (seed, stream) pairs give unrelated
 * streams; an all-zero state, which xoshiro cannot leave, is replaced by a fixed one.
 */
export function seedPrngState(
  states: Uint32Array,
  index: number,
  seed: number,
  stream: number,
): void {
  const base = index * 4;
  let z = hash32(seed, stream, 0x5eed);
  for (let word = 0; word < 4; word++) {
    z = _mix(z + word);
    states[base + word] = z >>> 0;
  }
  if ((states[base]! | states[base + 1]! | states[base + 2]! | states[base + 3]!) === 0) {
    states[base] = 0x9e3779b9;
  }
}

/**
 * A xoshiro128** generator whose state can be loaded from and saved to a shared
 * `Uint32Array`, so one instance serves many customers without a per-customer object.
 */
export class Prng {
  #s0 = 0;
  #s1 = 0;
  #s2 = 0;
  #s3 = 0;

  /** A generator for stream `stream` of `seed` (default stream 0). */
  static fromSeed(seed: number, stream = 0): Prng {
    const state = new Uint32Array(4);
    seedPrngState(state, 0, seed, stream);
    const prng = new Prng();
    prng.load(state, 0);
    return prng;
  }

  /** Continues the stream stored at `index` in `states` (four words per stream). */
  load(states: Uint32Array, index: number): void {
    const base = index * 4;
    this.#s0 = states[base]!;
    this.#s1 = states[base + 1]!;
    this.#s2 = states[base + 2]!;
    this.#s3 = states[base + 3]!;
  }

  /** Stores the current position back at `index`, so the stream resumes there later. */
  save(states: Uint32Array, index: number): void {
    const base = index * 4;
    states[base] = this.#s0;
    states[base + 1] = this.#s1;
    states[base + 2] = this.#s2;
    states[base + 3] = this.#s3;
  }

  /** The next uniformly distributed uint32 (0 … 2^32-1). */
  nextUint32(): number {
    const s1 = this.#s1;
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9);
    const t = s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = (this.#s3 << 11) | (this.#s3 >>> 21);
    return result >>> 0;
  }

  /** A uniform float in [0, 1) with 32 bits of resolution (plenty for probabilities). */
  nextFloat(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** A uniform whole number in [min, max], both inclusive. */
  nextInt(min: number, max: number): number {
    return min + Math.floor(this.nextFloat() * (max - min + 1));
  }

  /** A uniform float in [min, max). */
  nextRange(min: number, max: number): number {
    return min + this.nextFloat() * (max - min);
  }

  /**
   * A standard normal deviate (mean 0, sd 1) by the Box–Muller transform. The paired
   * second deviate is dropped: caching it would add state to every customer for no gain.
   */
  nextGaussian(): number {
    const u1 = 1 - this.nextFloat(); // (0, 1]: log(0) would be -Infinity
    const u2 = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
