/** Small statistics helpers for the evaluation's figures. */

/**
 * The `q`-quantile (0–1) of ascending `sorted` values by linear interpolation between
 * closest ranks (the usual "type 7" definition: the median of 1, 2, 3, 4 is 2.5); null
 * for no values.
 */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** `part / whole`, or null when `whole` is 0 (a ratio of nothing is not 0 or 1). */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** Total length of the union of [start, end) intervals, clipped to [from, to). */
export function coveredMs(
  intervals: readonly { readonly startMs: number; readonly endMs: number }[],
  from: number,
  to: number,
): number {
  const clipped = intervals
    .map((i) => [Math.max(from, i.startMs), Math.min(to, i.endMs)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let reach = -Infinity;
  for (const [start, end] of clipped) {
    if (end <= reach) continue;
    total += end - Math.max(start, reach);
    reach = end;
  }
  return total;
}
