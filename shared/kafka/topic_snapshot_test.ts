import assert from "node:assert/strict";
import { snapshotRanges } from "./topic_snapshot.ts";

Deno.test("snapshotRanges: each partition from its log start to the end offset taken at start", () => {
  const ranges = snapshotRanges([
    { partition: 1, low: "5", high: "9" },
    { partition: 0, low: "0", high: "0" },
  ]);
  assert.deepEqual(ranges, [
    { partition: 0, start: 0n, end: 0n },
    { partition: 1, start: 5n, end: 9n },
  ]);
});

Deno.test("snapshotRanges: a time moves the start to the offset for it, never before the log start", () => {
  const ranges = snapshotRanges(
    [
      { partition: 0, low: "0", high: "10" },
      { partition: 1, low: "4", high: "10" },
      { partition: 2, low: "0", high: "10" },
    ],
    // kafkajs answers the end offset for a partition with nothing that recent
    [{ partition: 0, offset: "6" }, { partition: 1, offset: "2" }, {
      partition: 2,
      offset: "10",
    }],
  );
  assert.deepEqual(ranges.map((r) => [r.start, r.end]), [[6n, 10n], [4n, 10n], [10n, 10n]]);
});
