// The page: a hash router over five views (#/overview, #/customer/<id>, #/anomalies,
// #/alerts, #/pipeline), the connection badge, and the token dialog shown when the API
// answers 401.
import { storedToken, storeToken } from "./api.js";
import { mountAlerts } from "./views/alerts.js";
import { mountAnomalies } from "./views/anomalies.js";
import { mountCustomer } from "./views/customer.js";
import { mountOverview } from "./views/overview.js";
import { mountPipeline } from "./views/pipeline.js";

const view = document.getElementById("view");
const connection = document.getElementById("connection");
const dialog = document.getElementById("token-dialog");
const tokenInput = document.getElementById("token-input");
const tokenError = document.getElementById("token-error");

let unmount = () => {};

const context = {
  navigate(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  },
  setConnection(state) {
    connection.dataset.state = state;
    connection.textContent = state;
  },
  askForToken(error) {
    if (dialog.open) return;
    tokenError.hidden = !storedToken();
    tokenError.textContent = storedToken() ? `The token was refused: ${error?.message ?? ""}` : "";
    tokenInput.value = "";
    dialog.showModal();
  },
};

/** Parses the hash into a view name, an optional path argument and query parameters. */
function parseHash() {
  const [path, query = ""] = location.hash.replace(/^#\/?/, "").split("?");
  const [name = "overview", argument] = path.split("/");
  return {
    name: name || "overview",
    argument: argument ? decodeURIComponent(argument) : undefined,
    params: new URLSearchParams(query),
  };
}

function route() {
  unmount();
  const { name, argument, params } = parseHash();
  for (const link of document.querySelectorAll("[data-nav]")) {
    link.toggleAttribute("aria-current", link.dataset.nav === name);
  }
  switch (name) {
    case "customer":
      unmount = mountCustomer(view, params, context, argument);
      break;
    case "anomalies":
      unmount = mountAnomalies(view, params, context);
      break;
    case "alerts":
      unmount = mountAlerts(view, params, context);
      break;
    case "pipeline":
      unmount = mountPipeline(view, params, context);
      break;
    default:
      unmount = mountOverview(view, params, context);
  }
}

dialog.addEventListener("close", () => {
  const token = tokenInput.value.trim();
  if (token) {
    storeToken(token);
    route();
  }
});

addEventListener("hashchange", route);
route();
