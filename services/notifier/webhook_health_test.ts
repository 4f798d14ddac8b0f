import assert from "node:assert/strict";
import { WebhookHealth } from "./webhook_health.ts";

Deno.test("WebhookHealth: unhealthy from the threshold of failures in a row, healthy at the next answer", () => {
  let now = 1_000_000;
  const health = new WebhookHealth(3, () => now);
  assert.deepEqual(health.check(), { ok: true, detail: "" });
  health.failed("HTTP 503");
  now += 1000;
  health.failed("HTTP 503");
  assert.equal(health.check().ok, true, "2 failures: below the threshold");
  now += 2000;
  health.failed("network error: connection refused");
  const check = health.check();
  assert.equal(check.ok, false);
  assert.match(
    check.detail ?? "",
    /^3 attempts in a row failed over 3 s \(NOTIFIER_UNHEALTHY_AFTER=3\); last: network error: connection refused/,
  );
  health.answered();
  assert.deepEqual(health.check(), { ok: true, detail: "" });
  assert.equal(health.failures, 0);
});
