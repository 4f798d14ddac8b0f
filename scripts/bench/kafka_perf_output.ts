/**
 * Reads the summaries that Kafka's own performance tools print (kafka-tools 4.x), so the
 * harness can put our figures next to the broker's ceiling. Pure: output text in, numbers
 * out, or a `BenchError` quoting the text it could not read.
 */
import { BenchError } from "./errors.ts";

/** ProducerPerformance's closing line. Latencies are milliseconds. */
export interface ProducerPerfSummary {
  readonly records: number;
  readonly recordsPerSecond: number;
  readonly mbPerSecond: number;
  readonly avgLatencyMs: number;
  readonly maxLatencyMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
}

const PRODUCER_TOTAL = new RegExp(
  String
    .raw`(\d+) records sent, ([\d.]+) records/sec \(([\d.]+) MB/sec\), ([\d.]+) ms avg latency, ` +
    String
      .raw`([\d.]+) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99\.9th`,
);

/**
 * The totals line of `org.apache.kafka.tools.ProducerPerformance`:
 * `N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency, p50 ms 50th, …`.
 */
export function parseProducerPerformance(output: string): ProducerPerfSummary {
  const line = output.split("\n").findLast((l) => PRODUCER_TOTAL.test(l));
  const m = line === undefined ? null : PRODUCER_TOTAL.exec(line);
  if (!m) throw unreadable("ProducerPerformance", output);
  const n = m.slice(1).map(Number);
  return {
    records: n[0]!,
    recordsPerSecond: n[1]!,
    mbPerSecond: n[2]!,
    avgLatencyMs: n[3]!,
    maxLatencyMs: n[4]!,
    p50Ms: n[5]!,
    p95Ms: n[6]!,
    p99Ms: n[7]!,
    p999Ms: n[8]!,
  };
}

/**
 * ConsumerPerformance's summary. `recordsPerSecond` counts the whole run (group join
 * included); `fetchRecordsPerSecond` only the time spent fetching.
 */
export interface ConsumerPerfSummary {
  readonly records: number;
  readonly megabytes: number;
  readonly recordsPerSecond: number;
  readonly fetchRecordsPerSecond: number;
  readonly fetchMbPerSecond: number;
  readonly rebalanceMs: number;
  readonly fetchMs: number;
}

/**
 * The header and values lines of `org.apache.kafka.tools.ConsumerPerformance`:
 * `start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
 * rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec`, read by column name.
 */
export function parseConsumerPerformance(output: string): ConsumerPerfSummary {
  const lines = output.split("\n").map((l) => l.trim());
  const at = lines.findIndex((l) => l.startsWith("start.time,") && l.includes("fetch.nMsg.sec"));
  const header = at >= 0 ? lines[at]!.split(/,\s*/) : [];
  const values = at >= 0 ? (lines.slice(at + 1).find((l) => l.includes(",")) ?? "") : "";
  const cells = values.split(/,\s*/);
  const column = (name: string): number => {
    const value = Number(cells[header.indexOf(name)]);
    if (header.indexOf(name) < 0 || cells.length !== header.length || !Number.isFinite(value)) {
      throw unreadable("ConsumerPerformance", output);
    }
    return value;
  };
  return {
    records: column("data.consumed.in.nMsg"),
    megabytes: column("data.consumed.in.MB"),
    recordsPerSecond: column("nMsg.sec"),
    fetchRecordsPerSecond: column("fetch.nMsg.sec"),
    fetchMbPerSecond: column("fetch.MB.sec"),
    rebalanceMs: column("rebalance.time.ms"),
    fetchMs: column("fetch.time.ms"),
  };
}

function unreadable(tool: string, output: string): BenchError {
  const tail = output.trim().split("\n").slice(-5).join(" | ").slice(0, 600);
  return new BenchError(
    "BENCH_TOOL_FAILED",
    `Cannot read ${tool}'s summary: no totals line in its output (last lines: ${
      tail || "none"
    }); check that the Kafka jars in the cache include kafka-tools of the same version as the broker.`,
  );
}
