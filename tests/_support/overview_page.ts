/**
 * The dashboard's overview as a browser shows it: the stat cards, the breakdown counts, what
 * the two charts plot and the recent-anomalies rows, read in one go together with the
 * stream frame the page rendered them from (see `tapOverviewFrames`), and what the page
 * should show for a frame, formatted as the page formats numbers.
 */
import type { Page } from "playwright-core";
import type { OverviewFrame, PageGlobals } from "./browser.ts";

/** One chart series as the page's `data-plotted` hook reports it. */
export interface Plotted {
  readonly label: string;
  readonly points: number;
  readonly sum: number;
}

/** What the overview shows. */
export interface OverviewShown {
  /** Text of each stat card's value, by its `data-value` name. */
  readonly stats: Record<string, string>;
  /** Text of each anomaly type's breakdown count. */
  readonly breakdown: Record<string, string>;
  readonly heartbeatsChart: Plotted[] | null;
  readonly anomaliesChart: Plotted[] | null;
  /** Customer ids of the recent-anomalies rows, newest first. */
  readonly recentCustomers: string[];
}

/** The overview's DOM and the frame (null if not tapped) it was rendered from. */
export interface OverviewSnapshot {
  readonly generatedAt: string | null;
  readonly shown: OverviewShown;
  readonly frame: OverviewFrame | null;
}

/** Reads the overview's DOM and its frame in one task of the page (so they belong together). */
export async function readOverview(page: Page): Promise<OverviewSnapshot> {
  return await page.evaluate(() => {
    const { document } = globalThis as unknown as PageGlobals;
    const all = (selector: string) => Array.from(document.querySelectorAll(selector));
    const plotted = (panel: string) => {
      const json = document.querySelector(`[data-panel="${panel}"] .chart`)
        ?.getAttribute("data-plotted");
      return json ? JSON.parse(json) : null;
    };
    const generatedAt = document.querySelector("[data-testid=updated]")
      ?.getAttribute("data-generated-at") ?? null;
    const frames = (globalThis as unknown as { __overviewFrames?: OverviewFrame[] })
      .__overviewFrames ?? [];
    return {
      generatedAt,
      shown: {
        stats: Object.fromEntries(
          all(".stat-value[data-value]").map((e) => [e.getAttribute("data-value"), e.textContent]),
        ),
        breakdown: Object.fromEntries(
          all(".breakdown-count").map((e) => [e.getAttribute("data-value"), e.textContent]),
        ),
        heartbeatsChart: plotted("heartbeats-per-minute"),
        anomaliesChart: plotted("anomalies-per-minute"),
        recentCustomers: all("[data-testid=recent-anomalies-table] tbody tr")
          .filter((row) => row.querySelectorAll("td.empty").length === 0)
          .map((row) => row.querySelectorAll("td")[1]?.textContent ?? ""),
      },
      frame: frames.find((f) => f.generatedAt === generatedAt) ?? null,
    };
  });
}

const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** A number as the page writes it (en-US, at most one decimal; "–" when unknown). */
export function formatNumber(value: number | null): string {
  return value === null || Number.isNaN(value) ? "–" : numberFormat.format(value);
}

/** What the overview should show for `frame`. */
export function shownFor(frame: OverviewFrame): OverviewShown {
  const { health, lastFiveMinutes: five } = frame;
  const types = frame.anomalyBreakdown.map((b) => b.type);
  const sum = (values: number[]) => values.reduce((total, n) => total + n, 0);
  return {
    stats: {
      "stored-per-second": formatNumber(health.storedPerSecond),
      "anomalies-per-second": formatNumber(health.anomaliesPerSecond),
      "writer-lag": formatNumber(health.lag.writer),
      "detector-lag": formatNumber(health.lag.detector),
      "invalid-5m": formatNumber(health.invalid.lastFiveMinutes),
      "dlq-5m": formatNumber(health.dlq.lastFiveMinutes),
      kafka: health.kafka.ok ? "ok" : "unreachable",
      "average-heart-rate": formatNumber(five.average),
      "p95-heart-rate": formatNumber(five.p95),
      "active-customers": formatNumber(five.activeCustomers),
    },
    breakdown: Object.fromEntries(
      frame.anomalyBreakdown.map((b) => [b.type, formatNumber(b.count)]),
    ),
    heartbeatsChart: [{
      label: "readings",
      points: frame.heartbeatsPerMinute.length,
      sum: sum(frame.heartbeatsPerMinute.map((m) => m.count)),
    }],
    anomaliesChart: types.map((type) => ({
      label: type,
      points: frame.anomaliesPerMinute.length,
      sum: sum(frame.anomaliesPerMinute.map((m) => m[type] as number)),
    })),
    recentCustomers: frame.recentAnomalies.map((a) => a.customerId),
  };
}
