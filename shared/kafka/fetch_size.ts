/**
 * How much one fetch may bring in. Pure (no client library), so a benchmark probe can use
 * the services' rule without loading kafkajs.
 */

/** kafkajs's default `maxBytes` for one fetch response (10 MiB). */
const KAFKAJS_FETCH_MAX_BYTES = 10_485_760;

/**
 * The most bytes one fetch response may hold: what the loop works on at once, `concurrency`
 * partitions of `fetchMaxBytes` each, and never more than kafkajs's default (10 MiB).
 * kafkajs decodes a whole response before its batches run and fetches again only when all
 * of them are done, so a larger response only waits in memory: with 24 partitions behind,
 * a 10 MiB response held ~50,000 decoded records (~28 MB of the detector's heap). A record
 * larger than this still arrives (the broker always returns the first record batch).
 */
export function fetchResponseMaxBytes(concurrency: number, fetchMaxBytes: number): number {
  return Math.min(KAFKAJS_FETCH_MAX_BYTES, concurrency * fetchMaxBytes);
}
