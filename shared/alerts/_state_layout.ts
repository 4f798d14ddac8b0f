/**
 * The byte layout of one customer's alert state: a fixed-size record, so a detector keeps
 * 100k+ customers in one slab with no per-customer objects, and persists each as `bytea`.
 * All zeros is a customer never seen. Multi-byte fields are little-endian.
 *
 * | offset | bytes | field                                                                |
 * |-------:|------:|----------------------------------------------------------------------|
 * |      0 |     4 | newest accepted event second (u32, s since epoch; 0 = never seen)    |
 * |      4 |     4 | wall-clock second of the newest accepted reading (u32)               |
 * |      8 |     2 | ... and its millisecond (u16): the NO_DATA timer                     |
 * |     10 |     2 | irregular share of recent NN beats (u16, fraction × 65535, EWMA)     |
 * |     12 |     3 | IRREGULAR_RHYTHM beat memory (u8 each, 8 ms units; 0 = none): the    |
 * |        |       | newest beat, not yet classified; the last NN interval; the reference |
 * |     15 |     1 | beat-interval slots that hold a reading's intervals (bit per slot)   |
 * |     16 |    20 | heart rate per second, slot = second % 20 (u8 bpm; 0 = no reading)  |
 * |     36 |    12 | last two beat intervals per second, slot = second % 6 (u8 × 2)       |
 * |     48 |     7 | per rule: status (bits 0-1), flapping (2), rule flags (3-5)          |
 * |     55 |     4 | EXTREME_LOW/HIGH, LOW/HIGH: readings on the safe side in a row (u8)  |
 * |     59 |     1 | format version (0 = never seen, else {@link FORMAT_VERSION})         |
 * |     60 |    28 | per rule: event second its latest alert opened (u32)                 |
 * |     88 |    21 | per rule: 3 bytes of flapping memory (see below)                     |
 * |    109 |     2 | IRREGULAR_RHYTHM while pending: final seconds in a row at or above   |
 * |        |       | the open share (u16, saturating)                                     |
 * |    111 |     1 | reserved (zero)                                                      |
 *
 * Rules in slot order: EXTREME_LOW, EXTREME_HIGH, LOW, HIGH, SPIKE, NO_DATA,
 * IRREGULAR_RHYTHM (BASELINE_SHIFT is not kept: it did not fit the budget).
 *
 * Flapping memory: while the rule's alert is not flapping, two 12-bit gaps (s) between its
 * last three openings, saturated at 4095, so "the k-th previous opening" is `openedAt −
 * gap…`; while it is flapping, a 24-bit figure of the rule's own: readings on the safe side
 * in a row (EXTREME_*, LOW, HIGH), seconds below the close share (IRREGULAR_RHYTHM), the
 * last confirmed jump (SPIKE) or the resumption (NO_DATA), as seconds after `openedAt`.
 *
 * IRREGULAR_RHYTHM's beat memory (format 2; format 1 kept the last three intervals there):
 * the newest beat waits one beat to be classified (an ectopic beat is known by the beat after
 * it), status bit {@link RETURN_BEAT} marks it as the return cycle of an ectopic beat, the NN
 * interval is the last beat classified as underlying rhythm, and the reference is a slow
 * tracker of the underlying cycle length. A format-1 state is upgraded when attached: its
 * bytes 12-14 are cleared (the rule relearns the rhythm within a few beats) and it becomes
 * format 2; every other field means the same in both formats.
 *
 * The second-indexed rings hold the last {@link HISTORY_SECONDS} (heart rate) and
 * `MAX_REORDER_TOLERANCE_S + 1` (intervals) seconds up to the newest event second; a slot
 * is cleared when the newest second moves past it, so a slot is valid for exactly one second.
 */
import { HISTORY_SECONDS, MAX_REORDER_TOLERANCE_S } from "./limits.ts";
import type { AlertPriority, AlertRule } from "./types.ts";

/** Size of one customer's state record, bytes. */
export const ALERT_STATE_BYTES = 112;
/** Written into every state the engine touches; format 1 is upgraded, any other is refused. */
export const FORMAT_VERSION = 2;
/** The previous format, which {@link FORMAT_VERSION} upgrades in place (see above). */
export const FORMAT_VERSION_V1 = 1;

/** The rules the state keeps, in slot order (also the order they are evaluated in). */
export const RULE_SLOTS = [
  "EXTREME_LOW",
  "EXTREME_HIGH",
  "LOW",
  "HIGH",
  "SPIKE",
  "NO_DATA",
  "IRREGULAR_RHYTHM",
] as const satisfies readonly AlertRule[];
/** A rule's slot index. */
export type Slot = number;
export const EXTREME_LOW = 0;
export const EXTREME_HIGH = 1;
export const LOW = 2;
export const HIGH = 3;
export const SPIKE = 4;
export const NO_DATA = 5;
export const IRREGULAR = 6;

/** Priority per slot: EXTREME_* critical; SPIKE medium; the others high. */
export const SLOT_PRIORITY: readonly AlertPriority[] = [
  "critical",
  "critical",
  "high",
  "high",
  "medium",
  "high",
  "high",
];

export const OFF_MAX_SEC = 0;
export const OFF_ARRIVAL_SEC = 4;
export const OFF_ARRIVAL_MS = 8;
export const OFF_IRREGULARITY = 10;
/** IRREGULAR_RHYTHM's beat memory: newest beat, last NN interval, reference (u8 each). */
export const OFF_BEATS = 12;
export const BEAT_PENDING = 0;
export const BEAT_NN = 1;
export const BEAT_REF = 2;
export const OFF_RR_INFO = 15;
export const OFF_HR = 16;
export const OFF_RR = OFF_HR + HISTORY_SECONDS;
export const RR_SLOTS = MAX_REORDER_TOLERANCE_S + 1;
export const RR_PER_SECOND = 2;
export const OFF_STATUS = OFF_RR + RR_SLOTS * RR_PER_SECOND;
export const OFF_STREAK = OFF_STATUS + RULE_SLOTS.length;
export const OFF_VERSION = OFF_STREAK + 4;
export const OFF_OPENED_AT = OFF_VERSION + 1;
export const OFF_FLAP = OFF_OPENED_AT + 4 * RULE_SLOTS.length;
/** IRREGULAR_RHYTHM while pending: final seconds in a row at or above the open share (u16). */
export const OFF_IRREGULAR_RUN = OFF_FLAP + 3 * RULE_SLOTS.length;
/** First byte after the used fields. */
export const LAYOUT_END = OFF_IRREGULAR_RUN + 2;

/** Status bits 0-1: no open alert, pending, firing. */
export const STATUS_MASK = 3;
export const PENDING = 1;
export const FIRING = 2;
/** The open alert is flapping. */
export const FLAPPING = 4;
/*
 * SPIKE keeps no status flag: onsets are read off the heart-rate history. Its bit 3 meant "the
 * previous candidate second was a jump" before that; a stored state may still have it set,
 * and nothing reads it (so the format is unchanged).
 */
/** NO_DATA: the silence outlived ALERT_NO_DATA_MAX_SILENCE_S; no timer until a reading. */
export const STALE = 16;
/** NO_DATA, flapping: readings have resumed since the last silence. */
export const RESUMED = 32;
/** IRREGULAR_RHYTHM: the pending (newest) beat is the return cycle of an ectopic beat. */
export const RETURN_BEAT = 8;

/** The 12-bit saturation of a flapping gap. */
export const GAP_MAX = 4095;
