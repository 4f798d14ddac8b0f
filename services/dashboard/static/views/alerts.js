// Alerts: the open ones (pending or firing) newest first — or the resolved ones, or all —
// filtered by rule and customer, refreshed every 5 s. An alert nobody acknowledged yet has
// an Acknowledge button: it asks who (remembered for this tab) and an optional note, then
// POSTs /api/alerts/{id}/ack. The refresh waits while that form is open.
import { getJson, postJson } from "../api.js";
import {
  customerLink,
  errorBox,
  formatDateTime,
  formatNumber,
  h,
  priorityBadge,
  replaceChildren,
  select,
  statusBadge,
  table,
} from "../dom.js";
import { poll } from "../poll.js";

const STATUSES = [["open", "open alerts"], ["resolved", "resolved alerts"], ["all", "all alerts"]];
const RULES = [
  ["", "all rules"],
  ...[
    "EXTREME_LOW",
    "EXTREME_HIGH",
    "LOW",
    "HIGH",
    "SPIKE",
    "NO_DATA",
    "IRREGULAR_RHYTHM",
    "BASELINE_SHIFT",
  ].map((rule) => [rule, rule]),
];
const WHO_KEY = "heartbeat-dashboard-ack-by";

/** "152 / 140": the deciding value and its threshold, either may be missing. */
function valueText(alert) {
  if (alert.value === null) return "";
  const threshold = alert.threshold === null ? "" : ` / ${formatNumber(alert.threshold)}`;
  return `${formatNumber(alert.value)}${threshold}`;
}

/** Mounts the view; returns the function that unmounts it. */
export function mountAlerts(root, params, context) {
  const filter = {
    status: params.get("status") ?? "open",
    rule: params.get("rule") ?? "",
    customer: params.get("customer") ?? "",
  };
  const go = (change) => {
    const next = new URLSearchParams(
      Object.entries({ ...filter, ...change }).filter(([, v]) => v !== ""),
    );
    context.navigate(`#/alerts?${next}`);
  };
  const customer = h("input", {
    type: "search",
    name: "customer",
    placeholder: "customer id",
    value: filter.customer,
    spellcheck: "false",
  });
  const problem = h("div");
  const notice = h("div");
  const list = h("div");
  replaceChildren(
    root,
    h("div", { class: "toolbar" }, h("h2", {}, "Alerts")),
    h(
      "form",
      {
        class: "filters",
        "data-testid": "alert-filters",
        onsubmit: (event) => {
          event.preventDefault();
          go({ customer: customer.value.trim() });
        },
      },
      select("status", STATUSES, filter.status, (status) => go({ status })),
      select("rule", RULES, filter.rule, (rule) => go({ rule })),
      customer,
      h("button", { type: "submit" }, "Filter"),
    ),
    problem,
    notice,
    list,
  );

  let rows = [];
  let editing = null; // the alert whose acknowledgement form is open

  const render = () =>
    replaceChildren(
      list,
      table(
        [
          { label: "since", cell: (a) => formatDateTime(a.openedAt) },
          { label: "priority", cell: (a) => priorityBadge(a.priority) },
          { label: "rule", cell: (a) => a.rule },
          { label: "customer", cell: (a) => customerLink(a.customerId) },
          { label: "status", cell: (a) => statusBadge(a.status, a.flapping) },
          { label: "value / threshold", cell: valueText, class: "num" },
          { label: "reason", cell: (a) => a.reason, class: "message" },
          { label: "acknowledged", cell: ackCell },
        ],
        rows,
        {
          empty: filter.status === "open" ? "No open alerts." : "No alerts.",
          testid: "alerts-table",
        },
      ),
    );

  function ackCell(alert) {
    if (alert.acknowledgedBy !== null) {
      return h(
        "span",
        { "data-testid": "acknowledged" },
        `${alert.acknowledgedBy}, ${formatDateTime(alert.acknowledgedAt)}`,
        alert.ackNote ? h("div", { class: "muted" }, alert.ackNote) : null,
      );
    }
    if (editing === alert.alertId) return ackForm(alert);
    return h("button", {
      type: "button",
      "data-testid": "ack",
      onclick: () => {
        editing = alert.alertId;
        render();
      },
    }, "Acknowledge");
  }

  function ackForm(alert) {
    const by = h("input", {
      name: "by",
      placeholder: "your name",
      required: true,
      maxlength: 100,
      value: sessionStorage.getItem(WHO_KEY) ?? "",
    });
    const note = h("input", { name: "note", placeholder: "note (optional)", maxlength: 1000 });
    const error = h("div");
    const close = () => {
      editing = null;
      render();
    };
    queueMicrotask(() => (by.value ? note : by).focus());
    return h(
      "form",
      {
        class: "ack-form",
        "data-testid": "ack-form",
        onsubmit: async (event) => {
          event.preventDefault();
          sessionStorage.setItem(WHO_KEY, by.value.trim());
          try {
            const answer = await postJson(
              `/api/alerts/${encodeURIComponent(alert.alertId)}/ack`,
              { by: by.value, ...(note.value.trim() ? { note: note.value } : {}) },
            );
            rows = rows.map((r) => (r.alertId === answer.alert.alertId ? answer.alert : r));
            replaceChildren(notice);
            close();
          } catch (failure) {
            if (failure.status === 401) context.askForToken(failure);
            if (failure.status === 409) {
              // Someone else was first: show who, and the current state.
              replaceChildren(notice, errorBox(failure));
              close();
              refresh.run();
              return;
            }
            replaceChildren(error, errorBox(failure));
          }
        },
      },
      by,
      note,
      h("button", { type: "submit" }, "Save"),
      h("button", { type: "button", class: "secondary", onclick: close }, "Cancel"),
      error,
    );
  }

  const refresh = poll({
    problem,
    context,
    active: () => editing === null,
    load: async (signal) => {
      const page = await getJson("/api/alerts", { ...filter, limit: 100 }, signal);
      rows = page.alerts;
      if (editing === null) render();
    },
  });
  return refresh.stop;
}
