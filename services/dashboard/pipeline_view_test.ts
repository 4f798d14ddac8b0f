import assert from "node:assert/strict";
import { partitionLags, totalLags } from "./pipeline_view.ts";
import type { CheckpointRow } from "./queries.ts";

const updatedAt = new Date("2026-11-24T10:00:00Z");
const row = (group: string, partition: number, nextOffset: bigint): CheckpointRow => ({
  group,
  partition,
  nextOffset,
  updatedAt,
});
const offsets = [
  { partition: 0, low: 0n, high: 100n },
  { partition: 1, low: 40n, high: 50n },
  { partition: 2, low: 0n, high: 7n },
];

Deno.test("pipeline lag: end offset minus the PostgreSQL checkpoint, per partition", () => {
  const lags = partitionLags(offsets, [row("w", 0, 90n), row("w", 1, 10n)], new Map([[0, 80n]]));
  assert.deepEqual(lags, [
    {
      partition: 0,
      endOffset: 100,
      checkpoint: 90,
      checkpointUpdatedAt: updatedAt,
      kafkaCommitted: 80,
      lag: 10,
    },
    // retention deleted records below the checkpoint: counted from the log start
    {
      partition: 1,
      endOffset: 50,
      checkpoint: 10,
      checkpointUpdatedAt: updatedAt,
      kafkaCommitted: null,
      lag: 10,
    },
    // no checkpoint yet: everything from the log start is lag
    {
      partition: 2,
      endOffset: 7,
      checkpoint: null,
      checkpointUpdatedAt: null,
      kafkaCommitted: null,
      lag: 7,
    },
  ]);
});

Deno.test("pipeline lag: never negative (a checkpoint past the end, e.g. a recreated topic)", () => {
  assert.equal(partitionLags([{ partition: 0, low: 0n, high: 5n }], [row("w", 0, 9n)])[0]?.lag, 0);
});

Deno.test("pipeline lag: totals per group only count that group's checkpoints", () => {
  const stored = [
    row("writer", 0, 100n),
    row("writer", 1, 50n),
    row("writer", 2, 7n),
    row("detector", 0, 60n),
  ];
  assert.deepEqual(totalLags(offsets, stored, { writer: "writer", detector: "detector" }), {
    writer: 0,
    detector: 40 + 10 + 7,
  });
});
