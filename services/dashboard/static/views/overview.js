// The overview: the seven panels of the original dashboard plus the pipeline's health,
// pushed by the server every ~2 s over /api/stream (no polling, no manual refresh).
import { openStream } from "../api.js";
import { seconds, timeChart, TYPE_COLOURS } from "../charts.js";
import {
  customerLink,
  errorBox,
  formatNumber,
  formatTime,
  h,
  panel,
  replaceChildren,
  select,
  severityBadge,
  table,
  typeBadge,
} from "../dom.js";

const TYPES = ["LOW_HEART_RATE", "HIGH_HEART_RATE", "SPIKE"];
const WINDOWS = [[15, "last 15 min"], [30, "last 30 min"], [60, "last 60 min"]];

/** A stat card; its value element is returned for updates. */
function stat(label, name) {
  const value = h("span", { class: "stat-value", "data-value": name }, "–");
  return {
    card: h(
      "div",
      { class: "stat", "data-stat": name },
      h("span", { class: "stat-label" }, label),
      value,
    ),
    value,
  };
}

/** Mounts the view; returns the function that unmounts it. */
export function mountOverview(root, params, context) {
  const minutes = Number(params.get("minutes")) || 15;
  const updated = h("span", { class: "muted", "data-testid": "updated" }, "waiting for data…");
  const problem = h("div");
  const health = {
    stored: stat("stored / s", "stored-per-second"),
    anomalies: stat("anomalies / s", "anomalies-per-second"),
    writerLag: stat("writer lag", "writer-lag"),
    detectorLag: stat("detector lag", "detector-lag"),
    invalid: stat("invalid (5 min)", "invalid-5m"),
    dlq: stat("DLQ (5 min)", "dlq-5m"),
    kafka: stat("Kafka", "kafka"),
  };
  const stats = {
    average: stat("bpm, mean", "average-heart-rate"),
    p95: stat("bpm, 95th percentile", "p95-heart-rate"),
    customers: stat("distinct customers", "active-customers"),
  };
  const heartbeatsBox = h("div", { class: "chart" });
  const anomaliesBox = h("div", { class: "chart" });
  const breakdownBox = h("div", { class: "breakdown" });
  const recentBox = h("div");
  replaceChildren(
    root,
    h(
      "div",
      { class: "toolbar" },
      h("h2", {}, "Overview"),
      select(
        "minutes",
        WINDOWS,
        minutes,
        (value) => context.navigate(`#/overview?minutes=${value}`),
      ),
      updated,
    ),
    problem,
    panel(
      "Pipeline health",
      "pipeline-health",
      h("div", { class: "stats" }, Object.values(health).map((s) => s.card)),
    ),
    h(
      "div",
      { class: "stats" },
      panel("Average Heart Rate (5 min)", "average-heart-rate", stats.average.card),
      panel("p95 Heart Rate (5 min)", "p95-heart-rate", stats.p95.card),
      panel("Active Customers (5 min)", "active-customers", stats.customers.card),
    ),
    h(
      "div",
      { class: "grid" },
      panel("Heartbeats Ingested per Minute", "heartbeats-per-minute", heartbeatsBox),
      panel("Anomalies per Minute", "anomalies-per-minute", anomaliesBox),
    ),
    h(
      "div",
      { class: "grid" },
      panel("Anomaly Breakdown by Type", "anomaly-breakdown", breakdownBox),
      panel("Recent Anomalies (last 20)", "recent-anomalies", recentBox),
    ),
  );
  const heartbeats = timeChart(heartbeatsBox, [{
    label: "readings",
    stroke: "#1f7a4d",
    bars: true,
  }], {
    yLabel: "readings / min",
  });
  const anomalies = timeChart(
    anomaliesBox,
    TYPES.map((type) => ({ label: type, stroke: TYPE_COLOURS[type] })),
    { yLabel: "anomalies / min" },
  );

  const render = (overview) => {
    updated.textContent = `updated ${formatTime(overview.generatedAt)}`;
    updated.dataset.generatedAt = overview.generatedAt; // a hook for tests: which frame is shown
    replaceChildren(problem);
    const { health: hl, lastFiveMinutes: five } = overview;
    health.stored.value.textContent = formatNumber(hl.storedPerSecond);
    health.anomalies.value.textContent = formatNumber(hl.anomaliesPerSecond);
    health.writerLag.value.textContent = formatNumber(hl.lag.writer);
    health.detectorLag.value.textContent = formatNumber(hl.lag.detector);
    health.invalid.value.textContent = formatNumber(hl.invalid.lastFiveMinutes);
    health.dlq.value.textContent = formatNumber(hl.dlq.lastFiveMinutes);
    health.kafka.value.textContent = hl.kafka.ok ? "ok" : "unreachable";
    health.kafka.value.title = hl.kafka.detail;
    health.kafka.card.dataset.ok = String(hl.kafka.ok);
    stats.average.value.textContent = formatNumber(five.average);
    stats.p95.value.textContent = formatNumber(five.p95);
    stats.customers.value.textContent = formatNumber(five.activeCustomers);
    heartbeats.update([
      overview.heartbeatsPerMinute.map((m) => seconds(m.minute)),
      overview.heartbeatsPerMinute.map((m) => m.count),
    ]);
    anomalies.update([
      overview.anomaliesPerMinute.map((m) => seconds(m.minute)),
      ...TYPES.map((type) => overview.anomaliesPerMinute.map((m) => m[type])),
    ]);
    const largest = Math.max(1, ...overview.anomalyBreakdown.map((b) => b.count));
    replaceChildren(
      breakdownBox,
      overview.anomalyBreakdown.map((b) => {
        const bar = h("span", { class: `bar type-${b.type}` });
        bar.style.width = `${(100 * b.count) / largest}%`;
        return h(
          "div",
          { class: "breakdown-row", "data-type": b.type },
          h("span", { class: "breakdown-label" }, b.type),
          h("span", { class: "breakdown-track" }, bar),
          h("span", { class: "breakdown-count", "data-value": b.type }, formatNumber(b.count)),
        );
      }),
      h("p", { class: "muted" }, `over the last ${overview.windowMinutes} minutes`),
    );
    replaceChildren(recentBox, anomalyTable(overview.recentAnomalies, "recent-anomalies-table"));
  };

  const close = openStream("/api/stream", { minutes }, {
    onEvent: (name, data) => {
      if (name === "overview") render(JSON.parse(data));
      if (name === "problem") replaceChildren(problem, errorBox(JSON.parse(data).error));
    },
    onState: (state, error) => {
      context.setConnection(state);
      if (state === "unauthorized") context.askForToken(error);
    },
  });
  return () => {
    close();
    heartbeats.destroy();
    anomalies.destroy();
    context.setConnection("idle");
  };
}

/** Anomalies as a table (newest first), customer ids linking to their view. */
export function anomalyTable(rows, testid) {
  return table(
    [
      { label: "time", cell: (a) => formatTime(a.eventTime) },
      { label: "customer", cell: (a) => customerLink(a.customerId) },
      { label: "type", cell: (a) => typeBadge(a.type) },
      { label: "severity", cell: (a) => severityBadge(a.severity) },
      { label: "bpm", cell: (a) => String(a.heartRate), class: "num" },
      { label: "previous", cell: (a) => a.previousHeartRate ?? "", class: "num" },
      { label: "threshold", cell: (a) => String(a.threshold), class: "num" },
    ],
    rows,
    { empty: "No anomalies.", testid },
  );
}
