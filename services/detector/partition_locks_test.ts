import assert from "node:assert/strict";
import { createPartitionLocks } from "./partition_locks.ts";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

Deno.test("partition locks: work on one partition runs in order, never interleaved", async () => {
  const locks = createPartitionLocks();
  const log: string[] = [];
  const job = (name: string) => async () => {
    log.push(`${name} start`);
    await tick();
    log.push(`${name} end`);
    return name;
  };
  const results = await Promise.all([locks.run(1, job("a")), locks.run(1, job("b"))]);
  assert.deepEqual(results, ["a", "b"]);
  assert.deepEqual(log, ["a start", "a end", "b start", "b end"]);
});

Deno.test("partition locks: partitions do not wait for each other", async () => {
  const locks = createPartitionLocks();
  const log: string[] = [];
  let release!: () => void;
  const blocked = locks.run(1, () => new Promise<void>((resolve) => release = resolve));
  await locks.run(2, () => {
    log.push("partition 2 ran");
    return Promise.resolve();
  });
  assert.deepEqual(log, ["partition 2 ran"]);
  release();
  await blocked;
});

Deno.test("partition locks: a failure is the caller's, and the lane goes on", async () => {
  const locks = createPartitionLocks();
  const failed = locks.run(1, () => Promise.reject(new Error("boom")));
  const next = locks.run(1, () => Promise.resolve("next"));
  await assert.rejects(failed, /boom/);
  assert.equal(await next, "next");
});
