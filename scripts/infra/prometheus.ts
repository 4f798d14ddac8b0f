/**
 * Prometheus from the Debian package, scraping the services' /metrics ports. Optional: when
 * it is not installed, infra:up says so in one line and the rest of the stack still runs.
 */
import type { InfraConfig } from "../../shared/config/mod.ts";
import type { Component, ComponentStatus } from "./component.ts";
import { InfraError } from "./errors.ts";
import {
  ensurePortFree,
  isPortOpen,
  livePid,
  spawnDaemon,
  tail,
  terminate,
  waitUntil,
  which,
} from "./process.ts";

/** Builds the Prometheus component. */
export function prometheusComponent(infra: InfraConfig, root: string): Component {
  const host = "127.0.0.1";
  const dir = `${root}/${infra.stateDir}/prometheus`;
  const pidFile = `${dir}/prometheus.pid`;
  const logFile = `${dir}/prometheus.log`;
  const url = `http://${host}:${infra.prometheusPort}`;

  async function ready(): Promise<boolean> {
    const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.ok;
  }

  async function status(): Promise<ComponentStatus> {
    if (!infra.prometheusEnabled) return { state: "disabled" };
    if (!(await which("prometheus"))) {
      return { state: "missing", detail: "apt-get install -y prometheus" };
    }
    const pid = await livePid(pidFile);
    if (pid === undefined) return { state: "stopped" };
    return (await ready().catch(() => false))
      ? { state: "healthy", pid }
      : { state: "unhealthy", pid };
  }

  async function start() {
    if (!infra.prometheusEnabled) return "disabled" as const;
    const binary = await which("prometheus");
    if (!binary) {
      console.error(
        "note: Prometheus is not installed (apt-get install -y prometheus); continuing without metrics scraping.",
      );
      return "missing" as const;
    }
    if ((await livePid(pidFile)) !== undefined) return "already running" as const;
    await ensurePortFree(host, infra.prometheusPort, "Prometheus", "PROMETHEUS_PORT");
    await Deno.mkdir(`${dir}/data`, { recursive: true });
    await spawnDaemon(binary, [
      `--config.file=${root}/${infra.prometheusConfig}`,
      `--storage.tsdb.path=${dir}/data`,
      "--storage.tsdb.retention.time=7d",
      `--web.listen-address=${host}:${infra.prometheusPort}`,
      "--web.enable-lifecycle",
    ], { logFile, pidFile });
    if (!(await waitUntil(() => ready(), infra.startTimeoutMs, 250))) {
      throw new InfraError(
        "START_TIMEOUT",
        `Prometheus did not become ready on ${url}: ${await tail(
          logFile,
          3,
        )} (full log: ${logFile})`,
      );
    }
    return "started" as const;
  }

  async function stop() {
    if (!infra.prometheusEnabled) return "disabled" as const;
    const pid = await livePid(pidFile);
    if (pid === undefined) return "not running" as const;
    await terminate(pid, 15_000);
    await waitUntil(async () => !(await isPortOpen(host, infra.prometheusPort)), 10_000);
    await Deno.remove(pidFile).catch(() => {});
    return "stopped" as const;
  }

  return { name: "Prometheus", address: url, logFile, status, start, stop };
}
