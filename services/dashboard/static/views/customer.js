// A customer: search by id prefix, their heart rate over the last N minutes with their
// anomalies marked on it, and their latest anomalies. Refreshed every 5 s while shown.
import { getJson } from "../api.js";
import { seconds, timeChart } from "../charts.js";
import {
  errorBox,
  formatDateTime,
  formatNumber,
  h,
  panel,
  replaceChildren,
  select,
} from "../dom.js";
import { poll } from "../poll.js";
import { anomalyTable } from "./overview.js";

const WINDOWS = [[15, "15 min"], [30, "30 min"], [60, "1 h"], [180, "3 h"], [360, "6 h"]];

/** The search box: suggestions of ids starting with what is typed. */
function searchBox(current, context) {
  const list = h("ul", { class: "suggestions", "data-testid": "customer-suggestions" });
  let timer;
  let controller;
  const suggest = (prefix) => {
    controller?.abort();
    controller = new AbortController();
    getJson("/api/customers", { q: prefix, limit: 20 }, controller.signal).then(
      ({ customers }) =>
        replaceChildren(
          list,
          customers.length === 0
            ? h("li", { class: "muted" }, "no customer id starts with that")
            : customers.map((id) =>
              h("li", {}, h("a", { href: `#/customer/${encodeURIComponent(id)}` }, id))
            ),
        ),
      (error) => error.name !== "AbortError" && replaceChildren(list, h("li", {}, errorBox(error))),
    );
  };
  const input = h("input", {
    type: "search",
    name: "customer",
    placeholder: "customer id, e.g. cust-000042",
    value: current ?? "",
    autocomplete: "off",
    spellcheck: "false",
    "data-testid": "customer-search",
    oninput: (event) => {
      clearTimeout(timer);
      timer = setTimeout(() => suggest(event.target.value.trim()), 250);
    },
  });
  const form = h(
    "form",
    {
      class: "search",
      role: "search",
      onsubmit: (event) => {
        event.preventDefault();
        const id = input.value.trim();
        if (id) context.navigate(`#/customer/${encodeURIComponent(id)}`);
      },
    },
    input,
    h("button", { type: "submit" }, "Show"),
  );
  return {
    element: h("div", {}, form, list),
    suggest,
    stop: () => (clearTimeout(timer), controller?.abort()),
  };
}

/** Mounts the view; returns the function that unmounts it. */
export function mountCustomer(root, params, context, customerId) {
  const minutes = Number(params.get("minutes")) || 30;
  const search = searchBox(customerId, context);
  const head = h("div");
  const chartBox = h("div", { class: "chart" });
  const recentBox = h("div");
  const problem = h("div");
  replaceChildren(
    root,
    h("div", { class: "toolbar" }, h("h2", {}, "Customer")),
    search.element,
    problem,
  );
  if (!customerId) {
    search.suggest("");
    return search.stop;
  }
  replaceChildren(
    root,
    h(
      "div",
      { class: "toolbar" },
      h("h2", {}, "Customer ", h("span", { "data-testid": "customer-id" }, customerId)),
      select(
        "minutes",
        WINDOWS,
        minutes,
        (value) =>
          context.navigate(`#/customer/${encodeURIComponent(customerId)}?minutes=${value}`),
      ),
    ),
    search.element,
    problem,
    head,
    panel("Heart rate", "customer-heart-rate", chartBox),
    panel("Recent anomalies", "customer-anomalies", recentBox),
  );
  const chart = timeChart(chartBox, [
    { label: "heart rate", stroke: "#1f7a4d" },
    { label: "anomaly", stroke: "#dd3333", points: true },
  ], { height: 300, yLabel: "bpm" });

  const refresh = poll({
    problem,
    context,
    load: async (signal) => {
      const view = await getJson(
        `/api/customers/${encodeURIComponent(customerId)}`,
        { minutes },
        signal,
      );
      replaceChildren(
        head,
        h(
          "p",
          { class: "muted" },
          `latest reading ${formatNumber(view.latest.heartRate)} bpm at ${
            formatDateTime(view.latest.eventTime)
          } · `,
          `${view.readings.length} readings and ${view.anomalies.length} anomalies in the last ${view.windowMinutes} min`,
          view.readingsTruncated ? " (newest readings only)" : "",
        ),
      );
      chart.update(chartData(view));
      replaceChildren(recentBox, anomalyTable(view.recentAnomalies, "customer-anomalies-table"));
    },
  });
  return () => {
    refresh.stop();
    search.stop();
    chart.destroy();
  };
}

/** Readings as a line, anomalies as points at their readings' times. */
export function chartData(view) {
  const times = view.readings.map((r) => seconds(r.eventTime));
  const rates = view.readings.map((r) => r.heartRate);
  const marks = times.map(() => null);
  const index = new Map(times.map((t, i) => [t, i]));
  for (const anomaly of view.anomalies) {
    const at = index.get(seconds(anomaly.eventTime));
    if (at !== undefined) marks[at] = anomaly.heartRate;
  }
  return [times, rates, marks];
}
