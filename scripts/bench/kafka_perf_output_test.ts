import assert from "node:assert/strict";
import { parseConsumerPerformance, parseProducerPerformance } from "./kafka_perf_output.ts";
import { BenchError } from "./errors.ts";

Deno.test("parseProducerPerformance: reads the totals line, not the progress lines", () => {
  const output = [
    "499713 records sent, 99922.6 records/sec (19.23 MB/sec), 120.4 ms avg latency, 610.0 ms max latency.",
    "1000000 records sent, 101833.095723 records/sec (19.60 MB/sec), 110.51 ms avg latency, 612.00 ms max latency, 98 ms 50th, 250 ms 95th, 402 ms 99th, 598 ms 99.9th.",
  ].join("\n");
  assert.deepEqual(parseProducerPerformance(output), {
    records: 1_000_000,
    recordsPerSecond: 101833.095723,
    mbPerSecond: 19.6,
    avgLatencyMs: 110.51,
    maxLatencyMs: 612,
    p50Ms: 98,
    p95Ms: 250,
    p99Ms: 402,
    p999Ms: 598,
  });
});

Deno.test("parseConsumerPerformance: reads the values by column name", () => {
  const output = [
    "WARN some log line, with a comma",
    "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec",
    "2026-05-01 10:00:00:000, 2026-05-01 10:00:05:000, 190.7349, 38.1470, 1000000, 200000.0000, 1000, 4000, 47.6837, 250000.0000",
  ].join("\n");
  assert.deepEqual(parseConsumerPerformance(output), {
    records: 1_000_000,
    megabytes: 190.7349,
    recordsPerSecond: 200_000,
    fetchRecordsPerSecond: 250_000,
    fetchMbPerSecond: 47.6837,
    rebalanceMs: 1000,
    fetchMs: 4000,
  });
});

Deno.test("kafka perf output: unreadable output is a BenchError quoting its last lines", () => {
  assert.throws(
    () => parseProducerPerformance("Exception in thread main\nboom"),
    (e) => e instanceof BenchError && /ProducerPerformance.*boom/.test(e.message),
  );
  assert.throws(
    () => parseConsumerPerformance("start.time, end.time, fetch.nMsg.sec\n"),
    (e) => e instanceof BenchError && e.code === "BENCH_TOOL_FAILED",
  );
});
