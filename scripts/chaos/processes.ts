/**
 * Runs the project's services as real processes, with exactly the command line of their
 * `deno.json` task (so tests exercise the narrow permissions too). Spawned as `deno run`
 * directly, not through `deno task`, so a SIGKILL hits the service itself.
 */
import { taskArgs } from "../task_command.ts";

/** A running service process. */
export interface ServiceProcess {
  readonly name: string;
  /** The service's own process id (`deno run`, no shell in between), e.g. for `ps`. */
  readonly pid: number;
  /** Every stdout/stderr line so far (JSON logs and anything else). */
  readonly lines: string[];
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number>;
  /** True once the process has ended (checked synchronously, so "still running" is exact). */
  hasExited(): boolean;
  kill(signal: Deno.Signal): void;
  /** SIGTERM, then wait for the exit; returns the exit code. */
  stop(): Promise<number>;
}

/**
 * Starts `deno task <name>`'s command (plus `args`, the service's own flags) with `env` on
 * top of the current environment.
 */
export function startService(
  name: string,
  env: Record<string, string>,
  args: readonly string[] = [],
): ServiceProcess {
  return spawnWatched(
    name,
    new Deno.Command(Deno.execPath(), {
      args: [...taskArgs(name), ...args],
      env: { ...env, NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }),
  );
}

/**
 * Spawns `command` (stdout and stderr piped) as a {@link ServiceProcess} named `name`: its
 * output collected line by line, its exit awaited once both streams are read.
 */
export function spawnWatched(name: string, command: Deno.Command): ServiceProcess {
  const child = command.spawn();
  const lines: string[] = [];
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    let buffered = "";
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      buffered += chunk;
      const parts = buffered.split("\n");
      buffered = parts.pop()!;
      lines.push(...parts);
    }
    if (buffered) lines.push(buffered);
  };
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
  let ended = false;
  const exited = child.status.then(async (status) => {
    ended = true;
    await pumps;
    return status.code;
  });
  const kill = (signal: Deno.Signal) => {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  };
  return {
    name,
    pid: child.pid,
    lines,
    exited,
    hasExited: () => ended,
    kill,
    async stop() {
      kill("SIGTERM");
      return await exited;
    },
  };
}

/** The setting that holds each service's /metrics port. */
export const METRICS_PORT_SETTING = {
  producer: "PRODUCER_METRICS_PORT",
  consumer: "CONSUMER_METRICS_PORT",
  detector: "DETECTOR_METRICS_PORT",
} as const;

/** The env that gives `service` a free metrics port, so instances never collide. */
export function freeMetricsPort(
  service: keyof typeof METRICS_PORT_SETTING,
): Record<string, string> {
  return { [METRICS_PORT_SETTING[service]]: String(freePort()) };
}

/** A TCP port nothing listens on right now. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Polls `check` until it returns true; fails with `describe()` after `timeoutMs`. */
export async function eventually(
  check: () => Promise<boolean>,
  timeoutMs: number,
  describe: () => string | Promise<string>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms: ${await describe()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
