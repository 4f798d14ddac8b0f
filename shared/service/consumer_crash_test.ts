import assert from "node:assert/strict";
import { createLogger, type HealthCheck } from "../observability/mod.ts";
import { onConsumerCrash } from "./consumer_crash.ts";

Deno.test("onConsumerCrash: health says why; the process exits 1 only when kafkajs gives up", () => {
  const checks: HealthCheck[] = [];
  const exits: number[] = [];
  const crashed = onConsumerCrash(
    createLogger("test", "error"),
    (check) => checks.push(check),
    (code) => exits.push(code),
  );
  crashed(new Error("broker gone"), true);
  assert.deepEqual(checks.at(-1), { ok: false, detail: "restarting after: broker gone" });
  assert.deepEqual(exits, []);
  crashed(new Error("fatal"), false);
  assert.deepEqual(checks.at(-1), { ok: false, detail: "stopped by: fatal" });
  assert.deepEqual(exits, [1]);
});
