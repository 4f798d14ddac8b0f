/**
 * The project's services as the benchmark runs them: real processes with their tasks'
 * permissions (`startService` of the chaos harness), a free metrics port each; the
 * producer's flags and closing totals.
 */
import {
  freePort,
  METRICS_PORT_SETTING,
  type ServiceProcess,
  spawnWatched,
  startService,
} from "../chaos/processes.ts";
import { BenchError } from "./errors.ts";
import type { RssWatch } from "./rss.ts";

/** The three services. */
export type ServiceName = "producer" | "consumer" | "detector";

/** A running service and its metrics endpoint. */
export interface BenchService {
  readonly process: ServiceProcess;
  /** The text of its `/metrics`. */
  scrape(): Promise<string>;
}

/** Starts `name` with `env` (a pipeline's) plus a free metrics port, and `args`. */
export function launch(
  name: ServiceName,
  env: Record<string, string>,
  args: readonly string[] = [],
): BenchService {
  const port = freePort();
  const process = startService(name, {
    ...env,
    [METRICS_PORT_SETTING[name]]: String(port),
    DB_CONNECT_RETRIES: "20",
    KAFKA_CONNECT_RETRIES: "20",
  }, args);
  return {
    process,
    async scrape() {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      if (!response.ok) throw failed(process, `its /metrics answered ${response.status}`);
      return await response.text();
    },
  };
}

/** The permissions of the benchmark's own scripts run as processes (probes, stand-ins). */
export const SCRIPT_FLAGS: readonly string[] = [
  "--allow-env",
  "--allow-read",
  "--allow-net=127.0.0.1,localhost",
  "--allow-sys=hostname,osRelease",
];

/**
 * Starts one of the benchmark's scripts (`scripts/bench/<script>`) as a process named
 * `name`, with `env` on top of the current environment, {@link SCRIPT_FLAGS} and the
 * `deno` options in `denoFlags` (e.g. a task's `--v8-flags`). It has no /metrics.
 */
export function launchScript(
  name: string,
  script: string,
  env: Record<string, string>,
  denoFlags: readonly string[] = [],
): BenchService {
  const process = spawnWatched(
    name,
    new Deno.Command(Deno.execPath(), {
      args: ["run", ...SCRIPT_FLAGS, ...denoFlags, new URL(script, import.meta.url).pathname],
      env: { ...env, DB_CONNECT_RETRIES: "20", KAFKA_CONNECT_RETRIES: "20", NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }),
  );
  return {
    process,
    scrape: () => Promise.reject(failed(process, "it serves no /metrics")),
  };
}

/** The producer's flags for one run. */
export interface ProducerRun {
  readonly customers: number;
  /** Events per second; 0: as fast as the broker confirms. */
  readonly rate: number;
  /** Seconds: of wall time when paced, of simulated time at rate 0. */
  readonly durationS: number;
  readonly seed: number;
  readonly invalidRate: number;
}

/**
 * Starts the producer for `run` with `env` (a pipeline's), its RSS watched under
 * "producer"; await its end with {@link producerTotals}.
 */
export function launchProducer(
  env: Record<string, string>,
  run: ProducerRun,
  watch: RssWatch,
): BenchService {
  const producer = launch(
    "producer",
    env,
    [
      ["--customers", run.customers],
      ["--rate", run.rate],
      ["--duration", run.durationS],
      ["--seed", run.seed],
      ["--invalid-rate", run.invalidRate],
    ].flatMap(([flag, value]) => [String(flag), String(value)]),
  );
  watch.add("producer", producer.process.pid);
  return producer;
}

/** What the producer's closing log line says. */
export interface ProducerTotals {
  readonly confirmed: number;
  readonly failed: number;
  readonly seconds: number;
}

/**
 * Waits (at most `timeoutMs`, then stops it) for a producer to finish and returns its
 * totals; a non-zero exit, a failed send or a missing closing line is an error quoting its
 * last lines.
 */
export async function producerTotals(
  producer: ServiceProcess,
  timeoutMs: number,
): Promise<ProducerTotals> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const code = await Promise.race([producer.exited, timedOut]).finally(() => clearTimeout(timer));
  if (code === "timeout") {
    await producer.stop();
    throw new BenchError(
      "BENCH_TIMEOUT",
      `The producer did not finish within ${timeoutMs / 1000} s (stopped); ${
        tail(producer)
      }; run the benchmark again when the machine is quiet.`,
    );
  }
  const closing = producer.lines.findLast((l) => l.includes('"producer finished"'));
  const totals = closing === undefined ? undefined : JSON.parse(closing) as ProducerTotals;
  if (code !== 0 || !totals || totals.failed > 0 || !(totals.seconds > 0)) {
    throw failed(
      producer,
      `it exited with ${code}${totals ? ` after ${totals.failed} failed sends` : ""}`,
    );
  }
  return { confirmed: totals.confirmed, failed: totals.failed, seconds: totals.seconds };
}

/**
 * Throws when `service` has exited (so a wait fails at once, with its last lines, instead
 * of at its time limit); false otherwise.
 */
export function exitedEarly(service: ServiceProcess): false {
  if (service.hasExited()) throw failed(service, "it exited");
  return false;
}

function failed(service: ServiceProcess, what: string): BenchError {
  return new BenchError(
    "BENCH_TOOL_FAILED",
    `The ${service.name} failed during the benchmark: ${what}; ${tail(service)}`,
  );
}

/** The last lines a service printed, for error messages. */
export function tail(service: ServiceProcess, lines = 4): string {
  const last = service.lines.filter((l) => l.trim() !== "").slice(-lines);
  return last.length === 0
    ? "it printed nothing"
    : `its last lines: ${last.map((l) => l.slice(0, 300)).join(" | ")}`;
}
