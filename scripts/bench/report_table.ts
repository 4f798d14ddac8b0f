/**
 * The markdown report of a run: machine, the goals (reached or not), throughput next to
 * Kafka's and PostgreSQL's ceilings, the sustained steps, memory and micro benchmarks.
 * Pure: results in, markdown out (written beside the JSON, pasted into
 * docs/performance.md).
 */
import { ceilings, type GoalOutcome } from "./goals.ts";
import type { BenchResults, LatencyFigures, PeakRss } from "./results.ts";
import { count, latency, megabytes, rate, ratio } from "./format.ts";

/** The whole report. */
export function renderReport(r: BenchResults): string {
  return [
    `# Heartbeat benchmark: ${r.mode} run of ${r.startedAt}`,
    "",
    machineLine(r),
    "",
    ...(r.mode === "smoke"
      ? [
        "_Smoke run: tiny sizes that only prove the harness works; its figures say nothing about performance._",
        "",
      ]
      : []),
    "## Goals",
    "",
    table(["goal", "judged on", "measured", "reached"], r.goals.map(goalRow)),
    "",
    "## Throughput and ceilings",
    "",
    throughputTable(r),
    "",
    "## Sustained end to end",
    "",
    sustainedTable(r),
    "",
    "## Memory",
    "",
    memoryTable(r),
    "",
    "## Micro benchmarks (`deno bench`, one core)",
    "",
    table(
      ["bench", "time per iteration", "readings/s"],
      r.micro.benches.map((b) => [
        `${b.name} (\`${b.file}\`)`,
        b.nsPerIteration >= 1e6
          ? `${(b.nsPerIteration / 1e6).toFixed(2)} ms`
          : `${count(b.nsPerIteration)} ns`,
        rate(b.readingsPerSecond),
      ]),
    ),
    "",
  ].join("\n");
}

function machineLine(r: BenchResults): string {
  const m = r.machine;
  const b = r.plan.backlog;
  return [
    `Machine: ${m.cpu}, ${m.cores} cores${
      m.virtualization ? ` (${m.virtualization} guest)` : ""
    }, ` +
    `${(m.ramBytes / 2 ** 30).toFixed(1)} GiB RAM, ${m.os}, Linux ${m.kernel}; ` +
    `Deno ${m.deno}, Apache Kafka ${m.kafka} (${m.java}), PostgreSQL ${m.postgres}; ` +
    `everything on this one machine.`,
    `Backlog: ${count(r.consumerDrain.events)} events (${count(b.customers)} customers × ` +
    `${b.seconds} s of simulated time at 1 Hz, less dropouts; ${b.invalidRate * 100} % ` +
    `malformed on purpose), ${r.plan.partitions} partitions.`,
  ].join("  \n");
}

function goalRow(g: GoalOutcome): string[] {
  const value = g.value === null
    ? "—"
    : g.unit === "s"
    ? latency(g.value)
    : g.unit === "×"
    ? ratio(g.value)
    : g.unit === "bytes" && g.target > 10_000
    ? megabytes(g.value)
    : `${count(g.value)} ${g.unit}`;
  return [g.goal, g.figure, value, g.reached ? "yes" : "**no**"];
}

function reached(r: BenchResults, prefix: string): string {
  return r.goals.filter((g) => g.goal.startsWith(prefix))
    .map((g) => `${g.goal.slice(prefix.length).trim()}: ${g.reached ? "yes" : "**no**"}`)
    .join("; ");
}

function throughputTable(r: BenchResults): string {
  const c = ceilings(r);
  const k = r.kafka;
  const drain = (d: BenchResults["consumerDrain"], unit: string) =>
    `${rate(d.steadyEventsPerSecond)} steady (${rate(d.eventsPerSecond)} with ` +
    `${d.startupSeconds.toFixed(1)} s start-up; ${d.totalSeconds.toFixed(1)} s in all); ` +
    rate(d.steadyReadingsPerSecond, unit);
  return table(["figure", "absolute", "ratio to ceiling", "goals reached"], [
    [
      `Kafka ceiling, produce: ProducerPerformance, acks=all, idempotent, ${k.producer.partitioner}`,
      `${rate(k.producer.recordsPerSecond)} (${
        k.producer.mbPerSecond.toFixed(1)
      } MB/s; p99 ${k.producer.p99Ms} ms)`,
      "(ceiling)",
      "",
    ],
    [
      "Kafka ceiling, consume: ConsumerPerformance over the backlog",
      `${rate(k.consumer.fetchRecordsPerSecond)} fetching (${
        rate(k.consumer.recordsPerSecond)
      } with the group join)`,
      "(ceiling)",
      "",
    ],
    [
      `PostgreSQL ceiling: COPY into a copy of heartbeat_events, ${r.postgres.streams} streams`,
      rate(r.postgres.rowsPerSecond, "rows"),
      "(ceiling)",
      "",
    ],
    [
      "Our producer filling the backlog (`--rate 0`, acks=all)",
      rate(r.producer.eventsPerSecond),
      versus(r.producer.eventsPerSecond, c.kafkaProducer, "Kafka produce"),
      "",
    ],
    [
      "Consumer drain (exactly-once writer)",
      drain(r.consumerDrain, "rows"),
      versus(
        r.consumerDrain.steadyEventsPerSecond,
        c.drain,
        `the lower ceiling (${rate(c.drain)})`,
      ),
      reached(r, "consumer drain"),
    ],
    [
      "Detector drain",
      drain(r.detectorDrain, "readings"),
      versus(r.detectorDrain.steadyEventsPerSecond, c.kafkaConsumer, "Kafka consume"),
      reached(r, "detector drain"),
    ],
    [
      "Sustained: highest offered rate with bounded lag",
      rate(r.sustained.highestBoundedRate),
      versus(
        r.sustained.highestBoundedRate,
        c.endToEnd,
        `the lowest ceiling (${rate(c.endToEnd)})`,
      ),
      "",
    ],
  ]);
}

/** `0.55× <what>`, or `—` when the figure or the ceiling is unknown. */
function versus(value: number | null, ceiling: number, what: string): string {
  return value === null || !(ceiling > 0) ? "—" : `${ratio(value / ceiling)} ${what}`;
}

function quantiles(l: LatencyFigures): string {
  return l.count === 0
    ? "no samples"
    : `${latency(l.p50)} / ${latency(l.p95)} / ${latency(l.p99)} (${count(l.count)})`;
}

function peaks(p: PeakRss): string {
  return ["producer", "consumer", "detector"].map((s) => megabytes(p[s])).join(" / ");
}

function sustainedTable(r: BenchResults): string {
  const s = r.sustained;
  return [
    `${
      count(s.customers)
    } customers; ${s.stepS} s per step, lag read ${s.settleS} s after production ends. ` +
    "Bounded: the producer achieved ≥ 95 % of the offered rate and each group's lag after the settle is at most one second of the offered rate.",
    "",
    table(
      [
        "offered",
        "achieved",
        "lag after settle (writer / detector)",
        "max lag",
        "event→stored p50 / p95 / p99 (n)",
        "event→anomaly p50 / p95 / p99 (n)",
        "peak RSS producer / consumer / detector",
        "bounded",
      ],
      s.steps.map((step) => [
        rate(step.offered),
        rate(step.achieved),
        `${count(step.lagAfterSettle.writer)} / ${count(step.lagAfterSettle.detector)}`,
        count(step.maxLag),
        quantiles(step.stored),
        quantiles(step.anomaly),
        peaks(step.peakRssBytes),
        step.bounded ? "yes" : `**no**: ${step.reasons.join("; ")}`,
      ]),
    ),
  ].join("\n");
}

function memoryTable(r: BenchResults): string {
  const state = r.memory.detectorState;
  return [
    table(
      [
        "customers",
        "offered",
        "events",
        "peak RSS producer / consumer / detector",
        "detector heap at end",
      ],
      r.memory.runs.map((m) => [
        count(m.customers),
        `${rate(m.rate)} for ${m.durationS} s`,
        count(m.events),
        peaks(m.peakRssBytes),
        megabytes(m.detectorHeapBytes),
      ]),
    ),
    "",
    `Detector state per customer: **${count(state.inMemoryBytesPerCustomer)} bytes in memory** ` +
    `(V8 heap of a Map of ${
      count(state.customers)
    } customers' CustomerState with their id keys, after GC); ` +
    `${
      state.storedBytesPerCustomer === null ? "—" : count(state.storedBytesPerCustomer)
    } bytes stored ` +
    "(avg pg_column_size of the JSONB in detector_state).",
  ].join("\n");
}

/** A markdown table; `|` in cells is escaped. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
