/**
 * The chart of a run, as hand-written SVG (no library): throughput bars next to Kafka's
 * and PostgreSQL's ceilings, and the sustained run's latency against the offered rate with
 * the 250 ms goal. Pure: results in, SVG text out (docs/performance.svg).
 */
import { ceilings } from "./goals.ts";
import type { BenchResults } from "./results.ts";
import { compact, latency, spread } from "./format.ts";

const WIDTH = 820;
const BAR = { top: 60, left: 300, right: 90, height: 22, gap: 8 };
const CEILING = "#9aa5b1";
const OURS = "#2f6fb0";
const LINES = [
  { key: "stored", q: "p50", color: "#7fb3e6", label: "event→stored p50" },
  { key: "stored", q: "p99", color: "#2f6fb0", label: "event→stored p99" },
  { key: "anomaly", q: "p99", color: "#d9822b", label: "event→anomaly p99" },
] as const;
const LATENCY_GOAL_S = 0.25;
const THROUGHPUT_GOAL = 100_000;

/** The chart. */
export function renderChart(r: BenchResults): string {
  const c = ceilings(r);
  const bars = [
    { label: "Kafka ceiling: produce", value: c.kafkaProducer, ours: false },
    { label: "Kafka ceiling: consume", value: c.kafkaConsumer, ours: false },
    { label: "PostgreSQL ceiling: COPY", value: c.postgres, ours: false },
    { label: "our producer (rate 0)", value: r.producer.eventsPerSecond, ours: true },
    { label: "consumer drain (steady)", value: r.consumerDrain.steadyEventsPerSecond, ours: true },
    { label: "detector drain (steady)", value: r.detectorDrain.steadyEventsPerSecond, ours: true },
    ...Object.entries(r.clientDrain.clients).map(([client]) => ({
      label: `consume-only: ${client} (median)`,
      value: spread(
        r.clientDrain.runs.filter((run) => run.client === client && run.error === null)
          .map((run) => run.steadyRecordsPerSecond ?? NaN),
      ).median,
      ours: true,
    })),
    {
      label: "sustained: highest bounded rate",
      value: r.sustained.highestBoundedRate ?? 0,
      ours: true,
    },
  ];
  const barsBottom = BAR.top + bars.length * (BAR.height + BAR.gap);
  const plot = { top: barsBottom + 70, left: 80, width: WIDTH - 80 - 200, height: 220 };
  const height = plot.top + plot.height + 60;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    text(
      20,
      24,
      `Heartbeat benchmark (${r.mode}, ${
        r.startedAt.slice(0, 10)
      }): ${r.machine.cpu}, ${r.machine.cores} cores`,
      {
        size: 15,
        weight: "bold",
      },
    ),
    text(
      20,
      44,
      "Throughput, records per second (grey: ceilings of Kafka's and PostgreSQL's own tools)",
      {
        size: 12,
      },
    ),
    ...barPanel(bars),
    text(
      20,
      plot.top - 30,
      "Sustained load: latency against the offered rate (dashed: the 250 ms goal)",
      {
        size: 12,
      },
    ),
    ...latencyPanel(r, plot),
    "</svg>",
    "",
  ].join("\n");
}

function barPanel(bars: readonly { label: string; value: number; ours: boolean }[]): string[] {
  const width = WIDTH - BAR.left - BAR.right;
  const max = Math.max(
    THROUGHPUT_GOAL,
    ...bars.map((b) => (Number.isFinite(b.value) ? b.value : 0)),
  );
  const x = (v: number) => BAR.left + (Math.max(0, v) / max) * width;
  const out: string[] = [];
  bars.forEach((b, i) => {
    const y = BAR.top + i * (BAR.height + BAR.gap);
    const value = Number.isFinite(b.value) ? b.value : 0;
    out.push(
      text(BAR.left - 8, y + 15, b.label, { anchor: "end" }),
      `<rect x="${BAR.left}" y="${y}" width="${
        (x(value) - BAR.left).toFixed(1)
      }" height="${BAR.height}" fill="${b.ours ? OURS : CEILING}"/>`,
      text(x(value) + 6, y + 15, `${compact(value)}/s`),
    );
  });
  const goalX = x(THROUGHPUT_GOAL).toFixed(1);
  const bottom = BAR.top + bars.length * (BAR.height + BAR.gap) - BAR.gap;
  out.push(
    `<line x1="${goalX}" y1="${BAR.top - 6}" x2="${goalX}" y2="${
      bottom + 4
    }" stroke="#c0392b" stroke-dasharray="4 3"/>`,
    text(Number(goalX), bottom + 18, "drain goal 100k/s", { anchor: "middle", color: "#c0392b" }),
  );
  return out;
}

function latencyPanel(
  r: BenchResults,
  plot: { top: number; left: number; width: number; height: number },
): string[] {
  const steps = r.sustained.steps;
  const values = steps.flatMap((s) => LINES.map((l) => s[l.key][l.q])).filter(
    (v): v is number => v !== null && Number.isFinite(v),
  );
  // Linear up to 2 s at most: a saturated step's backlog latency would flatten the rest.
  const yMax = Math.min(2, Math.max(0.3, ...values.map((v) => v * 1.1)));
  const y = (v: number) => plot.top + plot.height - (Math.min(v, yMax) / yMax) * plot.height;
  const pad = 40; // keeps the first and last points (and their labels) off the axes and legend
  const x = (i: number) =>
    plot.left + pad +
    (steps.length <= 1
      ? (plot.width - 2 * pad) / 2
      : (i / (steps.length - 1)) * (plot.width - 2 * pad));
  const out: string[] = [
    `<line x1="${plot.left}" y1="${plot.top + plot.height}" x2="${plot.left + plot.width}" y2="${
      plot.top + plot.height
    }" stroke="#333"/>`,
    `<line x1="${plot.left}" y1="${plot.top}" x2="${plot.left}" y2="${
      plot.top + plot.height
    }" stroke="#333"/>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    out.push(text(plot.left - 6, y(v) + 4, latency(v), { anchor: "end" }));
  }
  steps.forEach((s, i) => {
    out.push(
      text(x(i), plot.top + plot.height + 16, `${compact(s.offered)}/s${s.bounded ? "" : " ✗"}`, {
        anchor: "middle",
      }),
    );
  });
  out.push(
    text(
      plot.left + plot.width / 2,
      plot.top + plot.height + 36,
      "offered rate (✗: lag not bounded)",
      {
        anchor: "middle",
      },
    ),
  );
  if (LATENCY_GOAL_S <= yMax) {
    out.push(
      `<line x1="${plot.left}" y1="${y(LATENCY_GOAL_S).toFixed(1)}" x2="${
        plot.left + plot.width
      }" y2="${y(LATENCY_GOAL_S).toFixed(1)}" stroke="#c0392b" stroke-dasharray="4 3"/>`,
    );
  }
  LINES.forEach((l, li) => {
    const points = steps.flatMap((s, i) => {
      const v = s[l.key][l.q];
      return v === null || !Number.isFinite(v) ? [] : [[x(i), y(v), v] as const];
    });
    if (points.length > 1) {
      out.push(
        `<polyline fill="none" stroke="${l.color}" stroke-width="2" points="${
          points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(" ")
        }"/>`,
      );
    }
    for (const [px, py, v] of points) {
      out.push(`<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="3.5" fill="${l.color}"/>`);
      if (v > yMax) {
        out.push(text(px - 7, py + 14 + li * 13, `${l.label.split(" ").pop()} ${latency(v)}`, {
          anchor: "end",
          color: l.color,
        }));
      }
    }
    const ly = plot.top + 10 + li * 20;
    out.push(
      `<line x1="${plot.left + plot.width + 20}" y1="${ly}" x2="${
        plot.left + plot.width + 40
      }" y2="${ly}" stroke="${l.color}" stroke-width="2"/>`,
      text(plot.left + plot.width + 46, ly + 4, l.label),
    );
  });
  return out;
}

function text(
  x: number,
  y: number,
  content: string,
  style: { anchor?: string; size?: number; weight?: string; color?: string } = {},
): string {
  const attributes = [
    `x="${x.toFixed(1)}"`,
    `y="${y.toFixed(1)}"`,
    ...(style.anchor ? [`text-anchor="${style.anchor}"`] : []),
    ...(style.size ? [`font-size="${style.size}"`] : []),
    ...(style.weight ? [`font-weight="${style.weight}"`] : []),
    `fill="${style.color ?? "#222"}"`,
  ];
  return `<text ${attributes.join(" ")}>${escapeXml(content)}</text>`;
}

/** Text safe inside an SVG element. */
export function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
