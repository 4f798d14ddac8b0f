/**
 * Prometheus histograms read from a service's `/metrics` text: the cumulative buckets of
 * one metric (summed over its label sets), the observations between two scrapes, and
 * quantiles computed exactly as PromQL's `histogram_quantile` does (linear interpolation
 * inside the bucket that holds the rank; the highest finite bound when the rank falls in
 * `+Inf`). Pure.
 */

/** One cumulative bucket: how many observations were at most `le` (Infinity: `+Inf`). */
export interface Bucket {
  readonly le: number;
  readonly count: number;
}

/**
 * The `<name>_bucket` series of `text`, counts of the same `le` summed over other labels,
 * sorted by bound. Empty when the metric is not there.
 */
export function parseBuckets(text: string, name: string): Bucket[] {
  const counts = new Map<number, number>();
  const prefix = `${name}_bucket{`;
  for (const line of text.split("\n")) {
    if (!line.startsWith(prefix)) continue;
    const close = line.lastIndexOf("}");
    const le = /(?:^|,)le="([^"]*)"/.exec(line.slice(prefix.length, close))?.[1];
    const count = Number(line.slice(close + 1).trim().split(/\s+/)[0]);
    if (le === undefined || !Number.isFinite(count)) continue;
    const bound = le === "+Inf" ? Infinity : Number(le);
    counts.set(bound, (counts.get(bound) ?? 0) + count);
  }
  return [...counts].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}

/**
 * The observations made between two scrapes of one process: `after − before`, bound by
 * bound (a bound missing from `before` counts as 0).
 */
export function bucketDelta(before: readonly Bucket[], after: readonly Bucket[]): Bucket[] {
  const earlier = new Map(before.map((b) => [b.le, b.count]));
  return after.map((b) => ({ le: b.le, count: b.count - (earlier.get(b.le) ?? 0) }));
}

/** How many observations the buckets hold (the `+Inf` bucket), 0 when empty. */
export function observations(buckets: readonly Bucket[]): number {
  const last = buckets[buckets.length - 1];
  return last !== undefined && last.le === Infinity ? last.count : 0;
}

/**
 * PromQL's `histogram_quantile(q, …)` over cumulative `buckets` sorted by bound: NaN when
 * there is no observation, no `+Inf` bucket or fewer than two buckets; -Inf/+Inf for q
 * below 0 / above 1.
 */
export function histogramQuantile(q: number, buckets: readonly Bucket[]): number {
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const n = buckets.length;
  if (n < 2 || buckets[n - 1]!.le !== Infinity) return NaN;
  const total = buckets[n - 1]!.count;
  if (!(total > 0)) return NaN;
  const rank = q * total;
  let b = 0;
  while (b < n - 1 && buckets[b]!.count < rank) b++;
  if (b === n - 1) return buckets[n - 2]!.le;
  if (b === 0 && buckets[0]!.le <= 0) return buckets[0]!.le;
  const start = b === 0 ? 0 : buckets[b - 1]!.le;
  const below = b === 0 ? 0 : buckets[b - 1]!.count;
  const inBucket = buckets[b]!.count - below;
  return start + (buckets[b]!.le - start) * ((rank - below) / inBucket);
}
