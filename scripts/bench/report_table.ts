/**
 * The markdown report of a run: machine, the goals (reached or not), throughput next to
 * Kafka's and PostgreSQL's ceilings, the sustained steps, memory and micro benchmarks.
 * Pure: results in, markdown out (written beside the JSON, pasted into
 * docs/performance.md).
 */
import type { StorageFigures } from "./storage.ts";
import { ceilings, type GoalOutcome } from "./goals.ts";
import type {
  BenchResults,
  ClientDrainFigures,
  ClientDrainRun,
  DrainFigures,
  LatencyFigures,
  PartialBenchResults,
  PeakRss,
} from "./results.ts";
import { count, latency, megabytes, rate, ratio, spread } from "./format.ts";

/** The drain goal the client comparison is read against (events/s). */
const DRAIN_GOAL = 100_000;

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
    "## Kafka client comparison (consume-only drain)",
    "",
    clientDrainSection(r.clientDrain, r.kafka.consumer.fetchRecordsPerSecond),
    "",
    "## Sustained end to end",
    "",
    sustainedTable(r.sustained),
    "",
    "## Memory",
    "",
    memoryTable(r.memory),
    "",
    "## Storage: cost as the data grows",
    "",
    storageSection(r.storage),
    "",
    "## Micro benchmarks (`deno bench`, one core)",
    "",
    microTable(r.micro),
    "",
  ].join("\n");
}

/**
 * The report of an `--only` run: the sections of the steps it ran, with the figures
 * absolute (no goals: they need the whole run; no ratios unless the ceilings ran too).
 */
export function renderPartialReport(r: PartialBenchResults): string {
  const section = (title: string, body: string | undefined) =>
    body === undefined ? [] : [`## ${title}`, "", body, ""];
  const drain = (d: DrainFigures | undefined, unit: string) =>
    d && `${drainText(d, unit)}; peak RSS ${megabytes(d.peakRssBytes[d.service])}`;
  const lines = [
    r.producer &&
    `- Our producer filling the backlog (\`--rate 0\`, acks=all): ${
      rate(r.producer.eventsPerSecond)
    }; peak RSS ${megabytes(r.producer.peakRssBytes.producer)}`,
    r.kafka &&
    `- Kafka ceiling, consume: ${rate(r.kafka.consumer.fetchRecordsPerSecond)} fetching; produce: ${
      rate(r.kafka.producer.recordsPerSecond)
    }`,
    r.postgres && `- PostgreSQL ceiling: ${rate(r.postgres.rowsPerSecond, "rows")}`,
    r.consumerDrain && `- Consumer drain: ${drain(r.consumerDrain, "rows")}`,
    r.detectorDrain && `- Detector drain: ${drain(r.detectorDrain, "readings")}`,
  ].filter((line): line is string => typeof line === "string");
  return [
    `# Heartbeat benchmark: ${r.mode} run of ${r.startedAt}, only ${r.only.join(", ")}`,
    "",
    machineLine(r, r.producer?.events),
    "",
    "_A run of some steps only (`--only`): no goals judged._",
    "",
    ...section("Throughput", lines.length > 0 ? lines.join("\n") : undefined),
    ...section(
      "Kafka client comparison (consume-only drain)",
      r.clientDrain && clientDrainSection(r.clientDrain, r.kafka?.consumer.fetchRecordsPerSecond),
    ),
    ...section("Sustained end to end", r.sustained && sustainedTable(r.sustained)),
    ...section("Memory", r.memory && memoryTable(r.memory)),
    ...section("Storage: cost as the data grows", r.storage && storageSection(r.storage)),
    ...section("Micro benchmarks (`deno bench`, one core)", r.micro && microTable(r.micro)),
  ].join("\n");
}

function microTable(micro: BenchResults["micro"]): string {
  return table(
    ["bench", "time per iteration", "readings/s"],
    micro.benches.map((b) => [
      `${b.name} (\`${b.file}\`)`,
      b.nsPerIteration >= 1e6
        ? `${(b.nsPerIteration / 1e6).toFixed(2)} ms`
        : `${count(b.nsPerIteration)} ns`,
      rate(b.readingsPerSecond),
    ]),
  );
}

function machineLine(
  r: Pick<BenchResults, "machine" | "plan">,
  backlogEvents = (r as Partial<BenchResults>).consumerDrain?.events,
): string {
  const m = r.machine;
  const b = r.plan.backlog;
  return [
    `Machine: ${m.cpu}, ${m.cores} cores${
      m.virtualization ? ` (${m.virtualization} guest)` : ""
    }, ` +
    `${(m.ramBytes / 2 ** 30).toFixed(1)} GiB RAM, ${m.os}, Linux ${m.kernel}; ` +
    `Deno ${m.deno}, Apache Kafka ${m.kafka} (${m.java}), PostgreSQL ${m.postgres}; ` +
    `everything on this one machine.`,
    `Backlog: ${backlogEvents === undefined ? "—" : count(backlogEvents)} events (${
      count(b.customers)
    } customers × ` +
    `${b.seconds} s of simulated time at 1 Hz, less dropouts; ${b.invalidRate * 100} % ` +
    `malformed on purpose), ${r.plan.partitions} partitions.`,
  ].join("  \n");
}

/** `412,000/s (398,000–431,000)`: the median with the range over the runs. */
function spreadText(values: readonly number[], format: (n: number) => string): string {
  const s = spread(values);
  if (values.length === 0) return "—";
  return values.length === 1
    ? format(s.median)
    : `${format(s.median)} (${format(s.min)} – ${format(s.max)})`;
}

/**
 * The client comparison: per client the median over its runs with the range, the rate
 * with start-up, peak RSS, the valid readings (equal when both read the same records), and
 * the median against the drain goal and Kafka's own consumer; failed runs with their error.
 */
export function clientDrainSection(c: ClientDrainFigures, kafkaConsume?: number): string {
  const byClient = new Map<string, ClientDrainRun[]>();
  for (const run of c.runs) byClient.set(run.client, [...(byClient.get(run.client) ?? []), run]);
  const numbers = (runs: ClientDrainRun[], pick: (run: ClientDrainRun) => number | null) =>
    runs.map(pick).filter((n): n is number => n !== null && Number.isFinite(n));
  const rows = [...byClient].map(([client, runs]) => {
    const ok = runs.filter((run) => run.error === null);
    const steady = numbers(ok, (run) => run.steadyRecordsPerSecond);
    const median = spread(steady).median;
    return [
      `${client} (\`${c.clients[client] ?? client}\`)`,
      `${ok.length} of ${runs.length}`,
      spreadText(steady, (n) => rate(n)),
      spreadText(numbers(ok, (run) => run.recordsPerSecond), (n) => rate(n)),
      spreadText(numbers(ok, (run) => run.peakRssBytes), megabytes),
      [...new Set(numbers(ok, (run) => run.valid))].map(count).join(" / ") || "—",
      ok.length === 0 ? "—" : ratio(median / DRAIN_GOAL),
      ok.length === 0 || !(kafkaConsume! > 0) ? "—" : ratio(median / kafkaConsume!),
    ];
  });
  const s = c.settings;
  const failures = c.runs.filter((run) => run.error !== null)
    .map((run) => `- ${run.client}, round ${run.round}: ${run.error}`);
  return [
    `${
      count(c.events)
    } events of the backlog, read from the earliest offsets by each client in a ` +
    "fresh group and process of its own; per record `validateRecord` (UTF-8, JSON.parse, the " +
    "checks), no database. Median over the runs (range in brackets); rounds alternate the clients. " +
    `Fetch settings for both: max wait ${s.maxWaitMs} ms, ${count(s.maxBytesPerPartition)} bytes ` +
    `per partition, ${count(s.maxBytes)} bytes per fetch; kafkajs handles ${s.concurrency} ` +
    `partitions at once (eachBatch), @platformatic/kafka streams records one by one; V8 flags: ${
      s.v8Flags.length === 0 ? "none" : s.v8Flags.map((f) => `\`${f}\``).join(" ")
    }.`,
    "",
    table(
      [
        "client",
        "runs ok",
        "records/s, steady",
        "records/s with start-up",
        "peak RSS",
        "valid readings",
        `vs ${count(DRAIN_GOAL)}/s goal`,
        "vs Kafka consume ceiling",
      ],
      rows,
    ),
    ...(failures.length > 0 ? ["", "Failed runs:", "", ...failures] : []),
    ...(c.writerRuns.length > 0 ? ["", writerRunsTable(c)] : []),
  ].join("\n");
}

/** The full writer drains per client: median (range) of the steady rate, rows/s, RSS. */
function writerRunsTable(c: ClientDrainFigures): string {
  const byClient = new Map<string, DrainFigures[]>();
  for (const run of c.writerRuns) {
    byClient.set(run.client, [...(byClient.get(run.client) ?? []), run.drain]);
  }
  return [
    "Full drain: the writer's exactly-once path (rows and checkpoint in one transaction per " +
    "batch, invalid records published) fed by each client's fetch loop — kafkajs: the " +
    "consumer service itself; @platformatic/kafka: `scripts/bench/platformatic_writer.ts`, " +
    "the same batch handler — each drain on a fresh backlog of its own.",
    "",
    table(
      [
        "client",
        "drains",
        "events/s, steady",
        "rows/s, steady",
        "peak RSS",
        `vs ${count(DRAIN_GOAL)}/s goal`,
      ],
      [...byClient].map(([client, drains]) => {
        const steady = drains.map((d) => d.steadyEventsPerSecond);
        return [
          `${client} (\`${c.clients[client] ?? client}\`)`,
          String(drains.length),
          spreadText(steady, (n) => rate(n)),
          spreadText(drains.map((d) => d.steadyReadingsPerSecond), (n) => rate(n)),
          spreadText(drains.map((d) => d.peakRssBytes[d.service] ?? NaN), megabytes),
          ratio(spread(steady).median / DRAIN_GOAL),
        ];
      }),
    ),
  ].join("\n");
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
  const drain = drainText;
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

/** A drain's steady rate, with start-up, and its rows or readings per second. */
function drainText(d: DrainFigures, unit: string): string {
  return `${rate(d.steadyEventsPerSecond)} steady (${rate(d.eventsPerSecond)} with ` +
    `${d.startupSeconds.toFixed(1)} s start-up; ${d.totalSeconds.toFixed(1)} s in all); ` +
    rate(d.steadyReadingsPerSecond, unit);
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

function sustainedTable(s: BenchResults["sustained"]): string {
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

function memoryTable(memory: BenchResults["memory"]): string {
  const state = memory.detectorState;
  return [
    table(
      [
        "customers",
        "offered",
        "events",
        "peak RSS producer / consumer / detector",
        "detector heap at end",
      ],
      memory.runs.map((m) => [
        count(m.customers),
        `${rate(m.rate)} for ${m.durationS} s`,
        count(m.events),
        peaks(m.peakRssBytes),
        megabytes(m.detectorHeapBytes),
      ]),
    ),
    "",
    `Detector state per customer: **${count(state.inMemoryBytesPerCustomer)} bytes in memory** ` +
    `(V8 heap and external memory of the detector's state slab — both engines' records, ` +
    `the id index and the id strings — for ${count(state.customers)} customers, after GC); ` +
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

/**
 * The storage run: the writer's insert rate and the dashboard queries' latency at the two
 * sizes, with the ratio (1 = flat; the goal is within 20 %).
 */
export function storageSection(st: StorageFigures): string {
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  const ratio = (v: number | undefined) =>
    v === undefined
      ? ""
      : `${v.toFixed(2)}× (${Math.abs(v - 1) <= 0.2 ? "within" : "**outside**"} 20 %)`;
  const rows = [
    [
      "writer insert (insertEvents + rollup marks), last " + count(st.plan.windowRows) + " rows",
      rate(st.first.insertRowsPerS, "rows"),
      rate(st.second.insertRowsPerS, "rows"),
      ratio(st.ratios["insert rows/s"]),
    ],
    ...Object.keys(st.first.queries).map((name) => [
      name + " p50 / p95",
      `${ms(st.first.queries[name]!.p50Ms)} / ${ms(st.first.queries[name]!.p95Ms)}`,
      `${ms(st.second.queries[name]!.p50Ms)} / ${ms(st.second.queries[name]!.p95Ms)}`,
      ratio(st.ratios[name]),
    ]),
    [
      "rollup recomputation",
      `${count(Math.round(st.first.rollupMinutesPerS))} minutes/s`,
      `${count(Math.round(st.second.rollupMinutesPerS))} minutes/s`,
      "",
    ],
  ];
  return [
    `${
      count(st.plan.customers)
    } customers, one reading each every ${st.plan.intervalS} s of event time ` +
    `(${
      count(Math.round(st.plan.customers * 86_400 / st.plan.intervalS))
    } readings per daily partition), ` +
    `written in batches of ${count(st.plan.batchRows)} by the writer's own statements; ` +
    `queries run ${st.plan.queryRuns} times at each size (rollups settled first).`,
    "",
    table(
      [
        "figure",
        `at ${count(st.first.rows)} rows (${st.first.partitions} partitions)`,
        `at ${count(st.second.rows)} rows (${st.second.partitions} partitions)`,
        "ratio",
      ],
      rows,
    ),
    "",
    `Customer drill-down plan at the larger size: ${st.drilldownPlan}.`,
  ].join("\n");
}
