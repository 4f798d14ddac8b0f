import assert from "node:assert/strict";
import { busiestLeader, outOfSync, type PartitionState } from "./broker_kill.ts";

const partition = (partitionId: number, leader: number, isr = [1, 2, 3]): PartitionState => ({
  partitionId,
  leader,
  replicas: [1, 2, 3],
  isr,
});

Deno.test("busiestLeader: picks the node leading the most partitions", () => {
  const partitions = [partition(0, 2), partition(1, 2), partition(2, 1), partition(3, 3)];
  assert.equal(busiestLeader(partitions, () => 0.99), 2);
});

Deno.test("busiestLeader: breaks a tie with the random draw, over the tied nodes only", () => {
  const partitions = [partition(0, 3), partition(1, 1), partition(2, 3), partition(3, 1)];
  assert.equal(busiestLeader(partitions, () => 0), 1);
  assert.equal(busiestLeader(partitions, () => 0.99), 3);
});

Deno.test("busiestLeader: undefined when no partition has a leader", () => {
  assert.equal(busiestLeader([partition(0, -1)], () => 0), undefined);
  assert.equal(busiestLeader([], () => 0), undefined);
});

Deno.test("outOfSync: lists only partitions missing a replica from the ISR", () => {
  const lagging = outOfSync([
    { name: "raw", partitions: [partition(0, 1), partition(1, 2, [2, 3])] },
    { name: "invalid", partitions: [partition(0, 3, [3, 2, 1])] },
  ]);
  assert.deepEqual(lagging, ["raw/1 isr=[2,3] of [1,2,3]"]);
});
