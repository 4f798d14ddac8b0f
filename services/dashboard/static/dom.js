// Small DOM helpers. Data from the API only ever reaches the page as text nodes or
// attribute values (never as HTML), so a customer id or a reason message cannot inject
// markup.

/**
 * Creates an element: `props` become attributes (`class`, `data-*`, …) or, for `on*`
 * functions, event listeners; children are nodes or text.
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "value" || name === "checked" || name === "selected") {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Replaces an element's children. */
export function replaceChildren(element, ...children) {
  element.replaceChildren(
    ...children.flat(Infinity).filter((c) => c !== undefined && c !== null && c !== false),
  );
}

/**
 * A table: `columns` are `{ label, cell(row) → node or text, class? }`; `empty` is shown
 * in one cell when there are no rows.
 */
export function table(columns, rows, { empty = "Nothing yet.", testid } = {}) {
  const head = h(
    "thead",
    {},
    h("tr", {}, columns.map((c) => h("th", { class: c.class }, c.label))),
  );
  const body = rows.length === 0
    ? h("tbody", {}, h("tr", {}, h("td", { colspan: columns.length, class: "empty" }, empty)))
    : h(
      "tbody",
      {},
      rows.map((row) => h("tr", {}, columns.map((c) => h("td", { class: c.class }, c.cell(row))))),
    );
  return h("table", { "data-testid": testid }, head, body);
}

/** A titled panel; `panel` names it for tests (`data-panel`). */
export function panel(title, panelName, ...children) {
  return h("section", { class: "panel", "data-panel": panelName }, h("h2", {}, title), children);
}

/** A select whose options are `[value, label]` pairs. */
export function select(name, options, current, onchange) {
  return h(
    "select",
    { name, onchange: (event) => onchange(event.target.value) },
    options.map(([value, label]) =>
      h("option", { value, selected: String(value) === String(current) }, label)
    ),
  );
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** A number for display; "–" when unknown. */
export function formatNumber(value) {
  return value === null || value === undefined || Number.isNaN(value)
    ? "–"
    : numberFormat.format(value);
}

/** An ISO time as local time of day (HH:MM:SS). */
export function formatTime(iso) {
  return new Date(iso).toLocaleTimeString(undefined, { hour12: false });
}

/** An ISO time as local date and time. */
export function formatDateTime(iso) {
  return new Date(iso).toLocaleString(undefined, { hour12: false });
}

/** A link to a customer's view. */
export function customerLink(customerId) {
  return h("a", { href: `#/customer/${encodeURIComponent(customerId)}` }, customerId);
}

/** An anomaly type as a coloured badge. */
export function typeBadge(type) {
  return h("span", { class: `badge type-${type}` }, type);
}

/** A severity as a badge. */
export function severityBadge(severity) {
  return h("span", { class: `badge severity-${severity}` }, severity);
}

/** An alert's priority as a badge. */
export function priorityBadge(priority) {
  return h("span", { class: `badge priority-${priority}` }, priority);
}

/** An alert's status as a badge (flapping alerts say so). */
export function statusBadge(status, flapping = false) {
  return h(
    "span",
    { class: `badge status-${status}` },
    flapping ? `${status}, flapping` : status,
  );
}

/** An error message box for a failed request. */
export function errorBox(error) {
  return h(
    "p",
    { class: "error", role: "alert" },
    `${error.code ? `${error.code}: ` : ""}${error.message}`,
  );
}
