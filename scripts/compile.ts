/**
 * `deno task compile`: builds one standalone executable per service into `dist/`, each
 * with the same narrow permission flags and V8 flags as its `deno task`.
 *
 * `deno compile` needs the `denort` runtime. By default it downloads it from Deno's release
 * host, which our machines cannot reach; set `DENORT_BIN` to a `denort` binary of the same
 * Deno version (from the `denort-<target>.zip` release archive, fetched on a machine that
 * can). The full `deno` CLI does not work there: the result starts a REPL, so it is refused.
 */
import { runMain } from "../shared/cli/run_main.ts";
import { HeartbeatError } from "../shared/errors/mod.ts";
import { taskArgs } from "./task_command.ts";

/** An executable to build: its entry point and the task whose permissions it bakes in. */
interface Target {
  readonly name: string;
  readonly entry: string;
  readonly task: string;
}

/** Entries whose file does not exist are skipped. */
const TARGETS: readonly Target[] = [
  { name: "heartbeat-producer", entry: "services/producer/main.ts", task: "producer" },
  { name: "heartbeat-consumer", entry: "services/consumer/main.ts", task: "consumer" },
  { name: "heartbeat-detector", entry: "services/detector/main.ts", task: "detector" },
  { name: "heartbeat-maintainer", entry: "services/maintainer/main.ts", task: "maintainer" },
  { name: "heartbeat-dashboard", entry: "services/dashboard/main.ts", task: "dashboard" },
  { name: "heartbeat-notifier", entry: "services/notifier/main.ts", task: "notifier" },
];

/**
 * The task's permission flags (`--allow-*`) and V8 heap settings (`--v8-flags=…`, see
 * docs/performance.md), which the executable keeps.
 */
function permissionFlags(task: string): string[] {
  return taskArgs(task).filter((arg) =>
    arg.startsWith("--allow-") || arg.startsWith("--v8-flags=")
  );
}

await runMain(async () => {
  const present: Target[] = [];
  for (const target of TARGETS) {
    if (await Deno.stat(target.entry).then(() => true, () => false)) present.push(target);
  }
  if (present.length === 0) {
    console.error("deno task compile: no service entry points found under services/.");
    return 2;
  }
  const denort = Deno.env.get("DENORT_BIN");
  if (!denort) {
    throw new HeartbeatError(
      "DENORT_MISSING",
      "deno compile needs the denort runtime, whose download host is unreachable here: set DENORT_BIN " +
        "to a denort binary of Deno 2.9.6 (release archive denort-x86_64-unknown-linux-gnu.zip).",
    );
  }
  const probe = await new Deno.Command(denort, {
    args: ["--version"],
    stdout: "piped",
    stderr: "null",
  }).output()
    .catch(() => undefined);
  if (!probe) {
    throw new HeartbeatError(
      "DENORT_MISSING",
      `DENORT_BIN=${denort} cannot be run: check the path.`,
    );
  }
  if (/^deno \d/.test(new TextDecoder().decode(probe.stdout))) {
    throw new HeartbeatError(
      "DENORT_WRONG",
      `DENORT_BIN=${denort} is the full deno CLI, not denort: executables built on it start a REPL.`,
    );
  }
  await Deno.mkdir("dist", { recursive: true });
  for (const target of present) {
    const result = await new Deno.Command(Deno.execPath(), {
      args: [
        "compile",
        ...permissionFlags(target.task),
        "--output",
        `dist/${target.name}`,
        target.entry,
      ],
      env: { DENORT_BIN: denort },
    }).spawn().status;
    if (!result.success) {
      throw new HeartbeatError("COMPILE_FAILED", `deno compile failed for ${target.entry}.`);
    }
    console.log(`dist/${target.name}`);
  }
  return 0;
});
