/**
 * The `deno` arguments of a `deno.json` task, so scripts and tests can start a service
 * with exactly its task's permission flags, as `deno run …` (one process, whose PID is the
 * service's own — `deno task` would put a shell process in between).
 */
const denoJson = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));

/** The arguments after `deno` in the task's command. */
export function taskArgs(task: string): string[] {
  const entry = denoJson.tasks?.[task];
  if (!entry) throw new Error(`deno.json has no task ${task}`);
  const command: string = typeof entry === "string" ? entry : entry.command;
  const words = command.trim().split(/\s+/);
  if (words[0] !== "deno" || words.some((w) => /[&|;]/.test(w))) {
    throw new Error(`task ${task} is not a single deno command: ${command}`);
  }
  return words.slice(1);
}
