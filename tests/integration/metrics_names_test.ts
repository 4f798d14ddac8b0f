/**
 * Every metric the services expose passes `promtool check metrics` (Prometheus's own
 * linter, from the Debian package the test stack uses), and the original design's names
 * are all there.
 */
import assert from "node:assert/strict";
import { createMetrics } from "../../shared/observability/mod.ts";

const SPEC_NAMES = [
  "heartbeat_messages_produced_total",
  "heartbeat_produce_errors_total",
  "heartbeat_messages_consumed_total",
  "heartbeat_db_inserts_total",
  "heartbeat_invalid_total",
  "heartbeat_dlq_total",
  "heartbeat_anomalies_total",
];

Deno.test("metrics: the exposition passes `promtool check metrics` and carries the spec's names", async () => {
  const metrics = createMetrics("consumer");
  // Give labelled series a sample so they are printed.
  metrics.invalid.inc({ reason: "INVALID_JSON" });
  metrics.anomalies.inc({ type: "SPIKE", severity: "medium" });
  metrics.generated.inc({ kind: "valid" });
  metrics.duplicates.inc({ why: "event_exists" });
  metrics.lag.set({ topic: "events.raw.v1", partition: "0" }, 3);
  const text = await metrics.registry.metrics();
  for (const name of SPEC_NAMES) assert.match(text, new RegExp(`^# TYPE ${name} `, "m"), name);

  const child = new Deno.Command("promtool", {
    args: ["check", "metrics"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const output = await child.output();
  const report = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, `promtool found problems:\n${report}`);
  assert.equal(report.trim(), "", `promtool warnings:\n${report}`);
});
