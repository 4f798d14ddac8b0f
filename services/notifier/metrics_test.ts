import assert from "node:assert/strict";
import { attemptLabel, createNotifierMetrics, NOTIFICATION_OUTCOMES } from "./metrics.ts";

Deno.test("attemptLabel: status classes, with 408 and 429 on their own", () => {
  const label = (status: number) => attemptLabel({ kind: "response", status });
  assert.deepEqual([200, 204, 302, 400, 408, 429, 500, 503].map(label), [
    "2xx",
    "2xx",
    "3xx",
    "4xx",
    "408",
    "429",
    "5xx",
    "5xx",
  ]);
  assert.equal(attemptLabel({ kind: "timeout" }), "timeout");
  assert.equal(attemptLabel({ kind: "network" }), "network_error");
});

Deno.test("notifier metrics: the exposition passes `promtool check metrics` (when installed)", async () => {
  const metrics = createNotifierMetrics();
  for (const outcome of NOTIFICATION_OUTCOMES) metrics.notifications.inc({ outcome });
  metrics.attempts.inc({ result: "5xx" });
  metrics.deliverySeconds.observe({ outcome: "delivered" }, 0.2);
  metrics.alertToNotified.observe(0.3);
  metrics.retryBacklog.set({ partition: "0" }, 2);
  metrics.invalid.inc({ reason: "INVALID_JSON" });
  metrics.lag.set({ topic: "alerts.v1", partition: "0" }, 1);
  const text = await metrics.registry.metrics();
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("promtool", {
      args: ["check", "metrics"],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return; // promtool not installed here
    throw error;
  }
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const output = await child.output();
  const report = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, `promtool found problems:\n${report}`);
  assert.equal(report.trim(), "", `promtool warnings:\n${report}`);
});
