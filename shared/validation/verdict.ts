/**
 * What validation takes and returns. A malformed reading is a value, not an exception: the
 * consumer routes an invalid verdict to `events.invalid.v1` with its reason code.
 */
import type { HeartbeatEvent, ReasonCode } from "../contract/mod.ts";

/** The two byte fields of a Kafka record that validation looks at. */
export interface RecordBytes {
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
}

/**
 * A record that holds a usable reading; `eventTimeMs` is `event_time` in ms since the
 * epoch, and `rrIntervalsMs` the reading's beat-to-beat intervals (`rr_intervals_ms`, ms,
 * oldest first) when it is a version 2 reading that carries them — absent otherwise, so a
 * version 1 verdict is what it always was.
 */
export interface ValidVerdict {
  readonly valid: true;
  readonly event: HeartbeatEvent;
  readonly eventTimeMs: number;
  readonly rrIntervalsMs?: readonly number[];
}

/** A record that does not: the first problem found, as a reason code and a short message. */
export interface InvalidVerdict {
  readonly valid: false;
  readonly reason: ReasonCode;
  readonly message: string;
}

/** The outcome of validating one record. */
export type Verdict = ValidVerdict | InvalidVerdict;

/** Builds an invalid verdict (a helper so every exit has the same shape). */
export function invalid(reason: ReasonCode, message: string): InvalidVerdict {
  return { valid: false, reason, message };
}
