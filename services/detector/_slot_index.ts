/**
 * Customer id → slot, for the state slab: an open-addressing hash table (linear probing)
 * of slot numbers in one Int32Array, and the id strings by slot in fixed chunks.
 *
 * Why not a `Map<string, number>`: V8's Map costs 3 pointers per entry plus half a bucket
 * pointer, in a table that doubles — about 37 bytes a customer at 100k customers on top of
 * the id string, which alone puts the detector over its budget of 256 bytes a customer.
 * This table costs 4 bytes per cell at a load of at most 3/4, plus 8 bytes for the id
 * reference: 13 to 19 bytes a customer. The id strings themselves are the same in both.
 */

/** The id strings are kept in arrays of this many slots, allocated as slots are used. */
export const KEY_CHUNK_SLOTS = 1024;
const CHUNK_BITS = Math.log2(KEY_CHUNK_SLOTS);
const CHUNK_MASK = KEY_CHUNK_SLOTS - 1;
const MAX_LOAD = 0.75;
const INITIAL_CELLS = 2048;
const EMPTY = 0;

/** A map from customer id to a slot number the caller hands out. */
export interface SlotIndex {
  /** Ids held. */
  readonly size: number;
  /** The id's slot, or -1. */
  get(id: string): number;
  /** Records that `id` (not held) is at `slot` (free). */
  add(id: string, slot: number): void;
  /** Forgets `id`; returns its slot, or -1 when it was not held. */
  delete(id: string): number;
  /** The id at `slot`, or undefined for a free slot. */
  idAt(slot: number): string | undefined;
  /** Forgets every id. */
  clear(): void;
  /** Bytes of the table and of the id references (not of the id strings). */
  readonly bytes: number;
}

/** Creates an empty index. */
export function createSlotIndex(): SlotIndex {
  let cells = new Int32Array(INITIAL_CELLS); // slot + 1, or EMPTY
  let mask = cells.length - 1;
  const ids: (string | undefined)[][] = [];
  let size = 0;

  const idAt = (slot: number): string | undefined => ids[slot >>> CHUNK_BITS]?.[slot & CHUNK_MASK];

  /** The cell holding `id`, or the empty cell where it would go. */
  const cellOf = (id: string): number => {
    let cell = hashOf(id) & mask;
    for (;;) {
      const entry = cells[cell]!;
      if (entry === EMPTY || idAt(entry - 1) === id) return cell;
      cell = (cell + 1) & mask;
    }
  };

  const place = (slot: number) => {
    let cell = hashOf(idAt(slot)!) & mask;
    while (cells[cell] !== EMPTY) cell = (cell + 1) & mask;
    cells[cell] = slot + 1;
  };

  const grow = () => {
    const old = cells;
    cells = new Int32Array(old.length * 2);
    mask = cells.length - 1;
    for (const entry of old) if (entry !== EMPTY) place(entry - 1);
  };

  return {
    get size() {
      return size;
    },
    get(id) {
      return cells[cellOf(id)]! - 1;
    },
    add(id, slot) {
      if (!(Number.isInteger(slot) && slot >= 0 && slot < 2 ** 31 - 1)) {
        throw new RangeError(`Cannot index slot ${slot}: expected an integer 0..2^31 - 2`);
      }
      if (idAt(slot) !== undefined) {
        throw new RangeError(`Cannot index ${id} at slot ${slot}: it holds ${idAt(slot)}`);
      }
      if (size + 1 > cells.length * MAX_LOAD) grow();
      const cell = cellOf(id);
      if (cells[cell] !== EMPTY) {
        throw new RangeError(`Cannot index ${id} at slot ${slot}: it is at ${cells[cell]! - 1}`);
      }
      const chunk = slot >>> CHUNK_BITS;
      while (ids.length <= chunk) ids.push(new Array(KEY_CHUNK_SLOTS));
      ids[chunk]![slot & CHUNK_MASK] = id;
      cells[cell] = slot + 1;
      size++;
    },
    delete(id) {
      let hole = cellOf(id);
      const slot = cells[hole]! - 1;
      if (slot < 0) return -1;
      ids[slot >>> CHUNK_BITS]![slot & CHUNK_MASK] = undefined;
      size--;
      // Backward-shift deletion: move up every later entry of the run that would no longer
      // be found past the hole, so lookups never need tombstones.
      cells[hole] = EMPTY;
      for (let cell = (hole + 1) & mask; cells[cell] !== EMPTY; cell = (cell + 1) & mask) {
        const home = hashOf(idAt(cells[cell]! - 1)!) & mask;
        const reachable = hole <= cell ? home > hole && home <= cell : home > hole || home <= cell;
        if (reachable) continue;
        cells[hole] = cells[cell]!;
        cells[cell] = EMPTY;
        hole = cell;
      }
      return slot;
    },
    idAt,
    clear() {
      cells.fill(EMPTY);
      for (const chunk of ids) chunk.fill(undefined);
      size = 0;
    },
    get bytes() {
      return cells.byteLength + ids.length * KEY_CHUNK_SLOTS * 8;
    },
  };
}

/** FNV-1a over the UTF-16 code units, then murmur3's finalizer so low bits mix well. */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
