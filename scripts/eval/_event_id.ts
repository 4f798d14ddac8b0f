/** Event ids for readings made from files (MIT-BIH records carry none). */

/**
 * A UUID-shaped (version 4, RFC 9562 variant) id that is unique per (`stream`, `seq`):
 * `0000002a-0000-4000-8000-000000000007` for stream 42, reading 7. Deterministic, so a
 * replay is repeatable, and the engine's duplicate checks never mistake two readings.
 */
export function syntheticEventId(stream: number, seq: number): string {
  const hex = (value: number, digits: number) => value.toString(16).padStart(digits, "0");
  return `${hex(stream >>> 0, 8)}-0000-4000-8000-${hex(seq, 12)}`;
}
