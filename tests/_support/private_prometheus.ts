/**
 * A Prometheus of one test's own: the Debian package's binary on a free port, with a
 * temporary configuration that scrapes the given jobs' /metrics on loopback every second
 * and a temporary TSDB, removed on {@link PrivatePrometheus.stop}. Queries go through the
 * HTTP API, as Grafana's do.
 */
import { eventually, freePort } from "../../scripts/chaos/processes.ts";

/** One series of an instant query's answer. */
export interface PromSample {
  readonly metric: Record<string, string>;
  /** The sample value as Prometheus writes it ("NaN", "+Inf" included). */
  readonly value: string;
}

/** A running private Prometheus. */
export interface PrivatePrometheus {
  readonly url: string;
  /** Instant query at the current time; throws on a query error (bad PromQL). */
  query(expr: string): Promise<PromSample[]>;
  /** Waits until every job's target reported up = 1 at least once. */
  waitForTargets(timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts Prometheus scraping `jobs` (job name → port on 127.0.0.1) every `scrapeS` seconds. */
export async function startPrivatePrometheus(
  jobs: Record<string, number>,
  scrapeS = 1,
): Promise<PrivatePrometheus> {
  const dir = await Deno.makeTempDir({ prefix: "heartbeat_prometheus_" });
  const config = [
    "global:",
    `  scrape_interval: ${scrapeS}s`,
    `  scrape_timeout: ${scrapeS}s`,
    `  evaluation_interval: ${scrapeS}s`,
    "scrape_configs:",
    ...Object.entries(jobs).flatMap(([job, port]) => [
      `  - job_name: ${job}`,
      "    static_configs:",
      `      - targets: ["127.0.0.1:${port}"]`,
    ]),
  ].join("\n");
  await Deno.writeTextFile(`${dir}/prometheus.yml`, config + "\n");
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  // Prometheus logs to stderr; kept in the temporary directory for the failure message.
  const child = new Deno.Command("prometheus", {
    args: [
      `--config.file=${dir}/prometheus.yml`,
      `--storage.tsdb.path=${dir}/data`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const logFile = `${dir}/prometheus.log`;
  const stderr = child.stderr.pipeTo(
    (await Deno.open(logFile, { write: true, create: true })).writable,
  );
  const tail = async () =>
    (await Deno.readTextFile(logFile).catch(() => "")).split("\n").slice(-5).join("\n");
  let exited = false;
  const status = child.status.finally(() => exited = true);

  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    await status;
    await stderr.catch(() => {});
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };

  const query = async (expr: string): Promise<PromSample[]> => {
    const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = await response.json() as {
      status: string;
      error?: string;
      data?: {
        resultType: string;
        result: { metric: Record<string, string>; value: [number, string] }[] | [number, string];
      };
    };
    if (body.status !== "success" || !body.data) {
      throw new Error(`Prometheus refused ${expr}: ${body.error ?? response.status}`);
    }
    if (body.data.resultType === "scalar") {
      const [, value] = body.data.result as [number, string];
      return [{ metric: {}, value }];
    }
    return (body.data.result as { metric: Record<string, string>; value: [number, string] }[])
      .map((r) => ({ metric: r.metric, value: r.value[1] }));
  };

  try {
    await eventually(
      async () => {
        if (exited) throw new Error(`prometheus exited: ${await tail()}`);
        const response = await fetch(`${url}/-/ready`).catch(() => undefined);
        await response?.body?.cancel();
        return response?.ok === true;
      },
      30_000,
      tail,
    );
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url,
    query,
    async waitForTargets(timeoutMs) {
      const names = Object.keys(jobs);
      const upJobs = async () => new Set((await query("up == 1")).map((s) => s.metric.job));
      await eventually(
        async () => {
          const up = await upJobs();
          return names.every((job) => up.has(job));
        },
        timeoutMs,
        async () =>
          `targets up: ${[...(await upJobs())].join(", ") || "none"} of ${names.join(", ")}`,
      );
    },
    stop,
  };
}
