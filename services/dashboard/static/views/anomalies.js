// The anomalies feed: newest first, filtered by type, severity and customer; the first
// page refreshes every 5 s, "Older" pages on with the API's cursor.
import { getJson } from "../api.js";
import { h, replaceChildren, select } from "../dom.js";
import { poll } from "../poll.js";
import { anomalyTable } from "./overview.js";

const TYPES = [["", "all types"], ["LOW_HEART_RATE", "LOW_HEART_RATE"], [
  "HIGH_HEART_RATE",
  "HIGH_HEART_RATE",
], [
  "SPIKE",
  "SPIKE",
]];
const SEVERITIES = [
  ["", "all severities"],
  ["low", "low"],
  ["medium", "medium"],
  ["high", "high"],
  [
    "critical",
    "critical",
  ],
];
const WINDOWS = [[15, "last 15 min"], [60, "last hour"], [360, "last 6 h"], [1440, "last 24 h"]];

/** Mounts the view; returns the function that unmounts it. */
export function mountAnomalies(root, params, context) {
  const filter = {
    type: params.get("type") ?? "",
    severity: params.get("severity") ?? "",
    customer: params.get("customer") ?? "",
    minutes: Number(params.get("minutes")) || 60,
  };
  const go = (change) => {
    const next = new URLSearchParams(
      Object.entries({ ...filter, ...change }).filter(([, v]) => v !== ""),
    );
    context.navigate(`#/anomalies?${next}`);
  };
  const customer = h("input", {
    type: "search",
    name: "customer",
    placeholder: "customer id",
    value: filter.customer,
    spellcheck: "false",
  });
  const list = h("div");
  const problem = h("div");
  const more = h("button", { type: "button", hidden: true, "data-testid": "older" }, "Older");
  replaceChildren(
    root,
    h("div", { class: "toolbar" }, h("h2", {}, "Anomalies")),
    h(
      "form",
      {
        class: "filters",
        "data-testid": "anomaly-filters",
        onsubmit: (event) => {
          event.preventDefault();
          go({ customer: customer.value.trim() });
        },
      },
      select("type", TYPES, filter.type, (type) => go({ type })),
      select("severity", SEVERITIES, filter.severity, (severity) => go({ severity })),
      select("minutes", WINDOWS, filter.minutes, (minutes) => go({ minutes })),
      customer,
      h("button", { type: "submit" }, "Filter"),
    ),
    problem,
    list,
    more,
  );

  let rows = [];
  let cursor = null;
  let paged = false; // once older pages are shown, the live refresh stops (rows would shift)
  const refresh = poll({
    problem,
    context,
    active: () => !paged,
    load: async (signal, before) => {
      const page = await getJson("/api/anomalies", { ...filter, limit: 50, before }, signal);
      rows = before ? [...rows, ...page.anomalies] : page.anomalies;
      cursor = page.nextCursor;
      replaceChildren(list, anomalyTable(rows, "anomalies-table"));
      more.hidden = cursor === null;
    },
  });
  more.addEventListener("click", () => {
    paged = true;
    refresh.run(cursor);
  });
  return refresh.stop;
}
