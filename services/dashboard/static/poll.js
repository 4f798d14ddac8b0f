// Refreshing a view: one request at a time, again every few seconds while the tab is
// visible, failures shown in the view (and a 401 asks for the token).
import { errorBox, replaceChildren } from "./dom.js";

/**
 * Runs `load(signal, ...args)` now and every `intervalMs` (default 5 s) while the tab is
 * visible and `active()` says so; a new run aborts the one still going. An error is shown
 * in `problem` until a run succeeds. Returns `{ run(...args), stop() }`.
 */
export function poll({ load, problem, context, intervalMs = 5000, active = () => true }) {
  let controller;
  const run = async (...args) => {
    controller?.abort();
    controller = new AbortController();
    try {
      await load(controller.signal, ...args);
      replaceChildren(problem);
    } catch (error) {
      if (error.name === "AbortError") return;
      if (error.status === 401) context.askForToken(error);
      replaceChildren(problem, errorBox(error));
    }
  };
  run();
  const timer = setInterval(() => {
    if (active() && document.visibilityState === "visible") run();
  }, intervalMs);
  return {
    run,
    stop() {
      clearInterval(timer);
      controller?.abort();
    },
  };
}
