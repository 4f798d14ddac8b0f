import assert from "node:assert/strict";
import { decideResume } from "./resume.ts";

Deno.test("decideResume: a batch at the checkpoint is processed from there", () => {
  assert.deepEqual(decideResume(100n, 100n), { action: "process", skipBelow: 100n, lost: 0n });
});

Deno.test("decideResume: a re-delivered batch below the checkpoint skips what is already stored", () => {
  assert.deepEqual(decideResume(40n, 100n), { action: "process", skipBelow: 100n, lost: 0n });
});

Deno.test("decideResume: a batch past the checkpoint asks for the log start before deciding", () => {
  assert.deepEqual(decideResume(150n, 100n), { action: "need-log-start" });
});

Deno.test("decideResume: records still in Kafka are never skipped: rewind to the checkpoint", () => {
  assert.deepEqual(decideResume(150n, 100n, 0n), { action: "rewind", offset: 100n });
  assert.deepEqual(decideResume(150n, 100n, 100n), { action: "rewind", offset: 100n });
});

Deno.test("decideResume: records deleted by retention are reported as lost and skipped", () => {
  assert.deepEqual(decideResume(120n, 100n, 120n), {
    action: "process",
    skipBelow: 120n,
    lost: 20n,
  });
  assert.deepEqual(decideResume(110n, 0n, 120n), {
    action: "process",
    skipBelow: 120n,
    lost: 120n,
  });
  assert.deepEqual(decideResume(150n, 100n, 120n), { action: "rewind", offset: 120n });
});
