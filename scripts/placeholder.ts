/**
 * Stand-in for entry points that later issues build (named in deno.json so the task names
 * are fixed now). It does nothing but say so, and fails, so nobody mistakes it for the real
 * thing.
 */
const PLANNED: Record<string, string> = {
  up: "starting the services (issue #3); the infrastructure is up now",
  producer: "issue #3 (the pipeline)",
  consumer: "issue #3 (the pipeline)",
  detector: "issue #3 (the pipeline)",
  eval: "issue #8 (alerting evaluation)",
};
const name = Deno.args[0] ?? "?";
console.error(`deno task ${name}: not built yet — ${PLANNED[name] ?? "a later issue"}.`);
Deno.exit(name === "up" ? 0 : 2);
