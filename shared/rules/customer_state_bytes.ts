/**
 * {@link CustomerState} as a fixed-size byte record, so the detector can keep every
 * customer's rule state in one slab of bytes instead of an object and an array each. The
 * codec is exact: `decodeCustomerState(encode(s))` deep-equals `s` (and survives JSON the
 * same way), so the rules and the persisted JSONB see no difference.
 *
 * Wire format ({@link CUSTOMER_STATE_BYTES} bytes; multi-byte fields little-endian):
 *
 * | offset |  bytes | field                                                               |
 * |-------:|-------:|---------------------------------------------------------------------|
 * |      0 |      2 | lastHeartRate (u16, bpm)                                            |
 * |      2 |      1 | ids held (u8): 0 = never seen, else 1..{@link RECENT_EVENT_IDS}    |
 * |      3 |      1 | id kinds: bit i set = id i is a hashed (non-UUID) id                |
 * |      4 | 4 × 16 | ids, newest first: words 0 and 1 as u48, word 2 as u32; zero unused |
 *
 * A UUID's words are its 128 bits as 48 + 48 + 32 (see `customer_state.ts`). A hashed
 * id's words are the negative values -1 … -2^32; each is stored as `-w - 1` (0 … 2^32 - 1)
 * in the same bytes, which its kind bit tells apart from a UUID word. An all-zero record is
 * a customer never seen: a state that exists always holds at least one id.
 */
import { type CustomerState, RECENT_EVENT_IDS, WORDS_PER_EVENT_ID } from "./customer_state.ts";

/** Bytes of each of an id's words: 48 + 48 + 32 bits. */
const WORD_BYTES = [6, 6, 4] as const;
const ID_BYTES = 16;
const OFF_COUNT = 2;
const OFF_KINDS = 3;
const OFF_IDS = 4;
const UUID_LIMITS = [2 ** 48, 2 ** 48, 2 ** 32] as const;
const HASHED_MIN = -(2 ** 32);

/** Size of one encoded CustomerState, bytes (68 with four recent ids). */
export const CUSTOMER_STATE_BYTES = OFF_IDS + RECENT_EVENT_IDS * ID_BYTES;

/**
 * Writes `state` into `out` at `offset` ({@link CUSTOMER_STATE_BYTES} bytes) and returns
 * true; or returns false, writing nothing, when the state cannot be held exactly — which
 * `advanceState` never produces from valid readings: lastHeartRate not an integer in
 * 0..65535, no ids or more than {@link RECENT_EVENT_IDS}, or an id whose words are neither
 * a UUID's nor a hash's. Throws a RangeError when the record does not fit in `out`.
 */
export function encodeCustomerState(
  state: CustomerState,
  out: Uint8Array,
  offset: number,
): boolean {
  if (!Number.isInteger(offset) || offset < 0 || offset + CUSTOMER_STATE_BYTES > out.length) {
    throw new RangeError(
      `Cannot encode a customer state at offset ${offset}: it needs ${CUSTOMER_STATE_BYTES} bytes and the buffer has ${out.length}`,
    );
  }
  const { lastHeartRate, recentEventIds: words } = state;
  const count = words.length / WORDS_PER_EVENT_ID;
  if (!Number.isInteger(count) || count < 1 || count > RECENT_EVENT_IDS) return false;
  if (!Number.isInteger(lastHeartRate) || lastHeartRate < 0 || lastHeartRate > 0xffff) {
    return false;
  }
  let kinds = 0;
  for (let id = 0; id < count; id++) {
    const kind = idKind(words, id * WORDS_PER_EVENT_ID);
    if (kind === undefined) return false;
    kinds |= kind << id;
  }
  out[offset] = lastHeartRate & 0xff;
  out[offset + 1] = lastHeartRate >>> 8;
  out[offset + OFF_COUNT] = count;
  out[offset + OFF_KINDS] = kinds;
  let at = offset + OFF_IDS;
  for (let id = 0; id < count; id++) {
    const hashed = (kinds >>> id) & 1;
    for (let w = 0; w < WORDS_PER_EVENT_ID; w++) {
      const word = words[id * WORDS_PER_EVENT_ID + w]!;
      writeUint(out, at, hashed ? -word - 1 : word, WORD_BYTES[w]!);
      at += WORD_BYTES[w]!;
    }
  }
  out.fill(0, at, offset + CUSTOMER_STATE_BYTES);
  return true;
}

/**
 * Reads the state at `offset` of `bytes`, or undefined for a customer never seen (no ids
 * held). Returns a new object each call (the caller may keep it). Throws a RangeError for
 * a record no encoder wrote (more ids than {@link RECENT_EVENT_IDS}).
 */
export function decodeCustomerState(
  bytes: Uint8Array,
  offset: number,
): CustomerState | undefined {
  const count = bytes[offset + OFF_COUNT]!;
  if (count === 0) return undefined;
  if (count > RECENT_EVENT_IDS) {
    throw new RangeError(
      `Cannot decode a customer state at offset ${offset}: it claims ${count} ids, at most ${RECENT_EVENT_IDS} fit`,
    );
  }
  const kinds = bytes[offset + OFF_KINDS]!;
  const words = new Array<number>(count * WORDS_PER_EVENT_ID);
  let at = offset + OFF_IDS;
  for (let id = 0; id < count; id++) {
    const hashed = (kinds >>> id) & 1;
    for (let w = 0; w < WORDS_PER_EVENT_ID; w++) {
      const stored = readUint(bytes, at, WORD_BYTES[w]!);
      words[id * WORDS_PER_EVENT_ID + w] = hashed ? -stored - 1 : stored;
      at += WORD_BYTES[w]!;
    }
  }
  return { lastHeartRate: bytes[offset]! | (bytes[offset + 1]! << 8), recentEventIds: words };
}

/** 0 for a UUID's words, 1 for a hashed id's, undefined for anything else. */
function idKind(words: readonly number[], at: number): 0 | 1 | undefined {
  let uuid = true;
  let hashed = true;
  for (let w = 0; w < WORDS_PER_EVENT_ID; w++) {
    const word = words[at + w];
    if (!Number.isInteger(word)) return undefined;
    uuid &&= word! >= 0 && word! < UUID_LIMITS[w]!;
    hashed &&= word! < 0 && word! >= HASHED_MIN;
  }
  return uuid ? 0 : hashed ? 1 : undefined;
}

function writeUint(out: Uint8Array, at: number, value: number, bytes: number): void {
  for (let b = 0; b < bytes; b++) {
    out[at + b] = value % 256;
    value = Math.floor(value / 256);
  }
}

function readUint(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let b = count - 1; b >= 0; b--) value = value * 256 + bytes[at + b]!;
  return value;
}
