/**
 * Process plumbing for the local infrastructure: running commands, starting long-lived
 * daemons detached from the task (so they outlive it), PID files, port probes, waits.
 */
import { InfraError } from "./errors.ts";

/** Result of a finished command. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to completion and captures its output; a missing binary gives code 127.
 * `asUser` runs it through `runuser` (we are root and the program refuses root).
 */
export async function run(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; asUser?: string; stdin?: string } = {},
): Promise<RunResult> {
  const [cmd, argv] = options.asUser
    ? ["runuser", ["-u", options.asUser, "--", command, ...args]]
    : [command, [...args]];
  try {
    const child = new Deno.Command(cmd, {
      args: argv,
      env: options.env,
      cwd: options.cwd,
      stdin: options.stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    if (options.stdin !== undefined) {
      const writer = child.stdin.getWriter();
      await writer.write(new TextEncoder().encode(options.stdin));
      await writer.close();
    }
    const out = await child.output();
    const decoder = new TextDecoder();
    return {
      code: out.code,
      stdout: decoder.decode(out.stdout),
      stderr: decoder.decode(out.stderr),
    };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return { code: 127, stdout: "", stderr: `${cmd}: not found` };
    }
    throw error;
  }
}

/** Finds an executable on PATH (or checks an absolute path); undefined when absent. */
export async function which(name: string): Promise<string | undefined> {
  const candidates = name.includes("/")
    ? [name]
    : (Deno.env.get("PATH") ?? "").split(":").filter(Boolean).map((dir) => `${dir}/${name}`);
  for (const candidate of candidates) {
    try {
      const info = await Deno.stat(candidate);
      if (info.isFile && info.mode !== null && (info.mode & 0o111) !== 0) return candidate;
    } catch {
      // not there: try the next one
    }
  }
  return undefined;
}

/**
 * Starts a daemon detached from this process (its own process group, stdin closed,
 * stdout and stderr appended to `logFile`) and writes its PID to `pidFile`.
 */
export async function spawnDaemon(
  command: string,
  args: readonly string[],
  files: { logFile: string; pidFile: string; cwd?: string; env?: Record<string, string> },
): Promise<number> {
  // `exec` keeps the PID: the shell becomes the daemon, with its output redirected.
  const child = new Deno.Command("bash", {
    args: ["-c", 'exec "$@" >>"$HB_LOG_FILE" 2>&1 </dev/null', "daemon", command, ...args],
    env: { ...files.env, HB_LOG_FILE: files.logFile },
    cwd: files.cwd,
    detached: true,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  child.unref();
  await Deno.writeTextFile(files.pidFile, `${child.pid}\n`);
  return child.pid;
}

/** The PID in a PID file whose process is still alive, else undefined. */
export async function livePid(pidFile: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(pidFile);
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 && (await isAlive(pid)) ? pid : undefined;
}

/**
 * True when a process with this PID exists and is not a zombie. Asks `ps`: Deno guards
 * `/proc` behind --allow-all.
 */
export async function isAlive(pid: number): Promise<boolean> {
  const result = await run("ps", ["-o", "stat=", "-p", String(pid)]);
  return result.code === 0 && !result.stdout.trim().startsWith("Z");
}

/** Sends SIGTERM, waits up to `graceMs` for the process to exit, then SIGKILLs it. */
export async function terminate(pid: number, graceMs: number): Promise<"stopped" | "killed"> {
  try {
    Deno.kill(pid, "SIGTERM");
  } catch {
    return "stopped"; // already gone
  }
  if (await waitUntil(async () => !(await isAlive(pid)), graceMs, 100)) return "stopped";
  try {
    Deno.kill(pid, "SIGKILL");
  } catch {
    return "stopped";
  }
  await waitUntil(async () => !(await isAlive(pid)), 5000, 50);
  return "killed";
}

/** True when something accepts TCP connections on host:port. */
export async function isPortOpen(host: string, port: number): Promise<boolean> {
  try {
    const conn = await Deno.connect({ hostname: host, port });
    conn.close();
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` every `intervalMs` until it returns true or `timeoutMs` passes. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    if (await check().catch(() => false)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Fails with PORT_TAKEN when a port we are about to listen on is already in use. */
export async function ensurePortFree(
  host: string,
  port: number,
  what: string,
  setting: string,
): Promise<void> {
  if (await isPortOpen(host, port)) {
    throw new InfraError(
      "PORT_TAKEN",
      `Port ${port} (${what}) is already taken by another process. Stop that process ` +
        `(see \`ss -ltnp 'sport = :${port}'\`), or change ${setting} to a free port.`,
    );
  }
}

/** The last `lines` lines of a log file, for error messages; empty when unreadable. */
export async function tail(file: string, lines = 5): Promise<string> {
  try {
    const text = await Deno.readTextFile(file);
    return text.trimEnd().split("\n").slice(-lines).join(" | ");
  } catch {
    return "";
  }
}

/** True when a file or folder exists at `path`. */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
