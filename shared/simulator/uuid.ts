/**
 * Deterministic RFC 9562 version-4 UUIDs drawn from the simulator's seeded generator, so
 * a replayed simulation produces the same `event_id`s (and the pipeline's idempotency can
 * be tested by replaying).
 */
import type { Prng } from "./prng.ts";

/**
 * A version-4, variant-1 UUID (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`, lower case)
 * from 122 bits of `prng`. It consumes exactly four uint32 draws.
 */
export function nextUuidV4(prng: Prng): string {
  const w0 = prng.nextUint32();
  const w1 = ((prng.nextUint32() & 0xffff0fff) | 0x00004000) >>> 0;
  const w2 = ((prng.nextUint32() & 0x3fffffff) | 0x80000000) >>> 0;
  const w3 = prng.nextUint32();
  const a = _hex8(w0);
  const b = _hex8(w1);
  const c = _hex8(w2);
  const d = _hex8(w3);
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}

/** Two hex digits per byte value: four lookups beat `toString(16).padStart` many times over. */
const _HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

function _hex8(word: number): string {
  return _HEX[word >>> 24]! + _HEX[(word >>> 16) & 0xff]! + _HEX[(word >>> 8) & 0xff]! +
    _HEX[word & 0xff]!;
}
