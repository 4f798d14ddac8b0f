/** Number formatting shared by the markdown report and the chart. Pure. */
import { MEGABYTE } from "./goals.ts";

/** `123,456` (no decimals). */
export function count(n: number): string {
  return Math.round(n).toLocaleString("en");
}

/** `123,456/s` (or `123,456 rows/s` with a unit), `—` when unknown. */
export function rate(n: number | null | undefined, unit = ""): string {
  return n === null || n === undefined || !Number.isFinite(n)
    ? "—"
    : `${count(n)}${unit ? ` ${unit}` : ""}/s`;
}

/** `0.62×` (two decimals), or `—`. */
export function ratio(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? "—" : `${n.toFixed(2)}×`;
}

/** Seconds as `85 ms` (or `1.2 s` from 1 s up), `—` when unknown. */
export function latency(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  return seconds >= 1 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds * 1000)} ms`;
}

/** Bytes as `123.4 MB` (10^6), `—` when unknown or zero. */
export function megabytes(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined || !(bytes > 0)
    ? "—"
    : `${(bytes / MEGABYTE).toFixed(1)} MB`;
}

/** A compact rate for axis labels: `950`, `12k`, `1.5M`. */
export function compact(n: number): string {
  if (n >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(n >= 1e5 ? 0 : 1)}k`;
  return String(Math.round(n));
}

/** Median, min and max of some figures (NaN for none): repeated runs are reported so. */
export function spread(values: readonly number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length === 0
    ? NaN
    : sorted.length % 2
    ? sorted[mid]!
    : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted[sorted.length - 1] ?? NaN };
}
