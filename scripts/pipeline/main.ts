/**
 * `deno task up` / `deno task down`: the whole pipeline on this machine.
 *
 * `up` starts the infrastructure (`infra:up`), then the producer, consumer, detector,
 * storage maintainer and live dashboard (:8088) —
 * each as `deno run` with its own task's narrow flags, detached, logging JSON lines to
 * `<state>/logs/<service>.log` — and shows a live status (produced/s, stored/s, invalid,
 * DLQ, anomalies, lag) from their /metrics. Ctrl-C (or `--duration S` elapsing) stops the
 * services gracefully (the dashboard, then the producer so the others drain); the infrastructure keeps
 * running. `down` stops services left running (PID files) and then the infrastructure.
 */
import { loadConfig, sections } from "../../shared/config/mod.ts";
import { runMain } from "../../shared/cli/run_main.ts";
import { livePid, spawnDaemon, terminate } from "../infra/process.ts";
import { taskArgs } from "../task_command.ts";
import { runInfra } from "../infra/run_infra.ts";
import { sumByName } from "./prom_text.ts";
import { renderStatus, type Scrape } from "./status_view.ts";

const SERVICES = ["dashboard", "producer", "consumer", "detector", "maintainer"] as const;
const encoder = new TextEncoder();

await runMain(async () => {
  const [command, ...rest] = Deno.args;
  if (command !== "up" && command !== "down") {
    console.error("usage: pipeline/main.ts up [--duration S] | down");
    return 2;
  }
  const config = loadConfig({
    infra: sections.infra,
    service: sections.service,
    producer: sections.producer,
    consumer: sections.consumer,
    detector: sections.detector,
    dashboard: sections.dashboard,
  });
  const stateDir = `${Deno.cwd()}/${config.infra.stateDir}`;
  const pidFile = (service: string) => `${stateDir}/services/${service}.pid`;
  const ports: Record<string, number> = {
    producer: config.producer.metricsPort,
    consumer: config.consumer.metricsPort,
    detector: config.detector.metricsPort,
  };

  const stopServices = async (order: readonly string[]) => {
    for (const service of order) {
      const pid = await livePid(pidFile(service));
      if (pid === undefined) continue;
      const how = await terminate(pid, 30_000);
      console.log(`${service.padEnd(10)} ${how}`);
      await Deno.remove(pidFile(service)).catch(() => {});
    }
  };

  if (command === "down") {
    await stopServices(SERVICES);
    return await infra("down");
  }

  const durationS = parseDuration(rest);
  const infraCode = await infra("up");
  if (infraCode !== 0) return infraCode;
  await Deno.mkdir(`${stateDir}/services`, { recursive: true });
  await Deno.mkdir(`${stateDir}/logs`, { recursive: true });
  // Consumers first, so they are in their groups when the first readings arrive.
  for (const service of ["maintainer", "consumer", "detector", "producer", "dashboard"]) {
    if ((await livePid(pidFile(service))) !== undefined) {
      console.log(`${service.padEnd(10)} already running`);
      continue;
    }
    await spawnDaemon(Deno.execPath(), taskArgs(service), {
      logFile: `${stateDir}/logs/${service}.log`,
      pidFile: pidFile(service),
    });
    console.log(
      `${service.padEnd(10)} started (log: ${config.infra.stateDir}/logs/${service}.log)`,
    );
  }
  const { host: dashboardHost, port: dashboardPort } = config.dashboard;
  console.log(
    `\nLive dashboard: http://${
      dashboardHost === "0.0.0.0" ? "127.0.0.1" : dashboardHost
    }:${dashboardPort}/`,
  );
  console.log(
    "\nCtrl-C stops the services (the infrastructure keeps running; `deno task down` stops it too).\n",
  );

  let stop = false;
  const onSignal = () => (stop = true);
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);
  const host = config.service.metricsHost === "0.0.0.0" ? "127.0.0.1" : config.service.metricsHost;
  const terminal = Deno.stdout.isTerminal();
  const started = Date.now();
  let previous: Scrape = await scrapeAll(host, ports);
  let previousAt = Date.now();
  let printedLines = 0;
  while (!stop && (durationS === undefined || Date.now() - started < durationS * 1000)) {
    await new Promise((resolve) => setTimeout(resolve, terminal ? 1000 : 5000));
    const current = await scrapeAll(host, ports);
    const now = Date.now();
    const lines = renderStatus(previous, current, (now - previousAt) / 1000);
    const header = `pipeline status after ${Math.round((now - started) / 1000)} s`;
    if (terminal && printedLines > 0) await write(`\x1b[${printedLines}A\x1b[0J`);
    await write([header, ...lines, ""].join("\n"));
    printedLines = lines.length + 2;
    previous = current;
    previousAt = now;
  }
  console.log("stopping services (producer first, so the consumer and detector drain)…");
  await stopServices(["dashboard", "producer", "consumer", "detector", "maintainer"]);
  return 0;
});

async function infra(command: "up" | "down"): Promise<number> {
  return (await runInfra(command, { envFile: true, inherit: true })).code;
}

async function scrapeAll(host: string, ports: Record<string, number>): Promise<Scrape> {
  const entries = await Promise.all(
    Object.entries(ports).map(async ([service, port]) => {
      try {
        const response = await fetch(`http://${host}:${port}/metrics`, {
          signal: AbortSignal.timeout(2000),
        });
        return [service, response.ok ? sumByName(await response.text()) : undefined] as const;
      } catch {
        return [service, undefined] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}

function parseDuration(args: string[]): number | undefined {
  const index = args.findIndex((a) => a === "--duration" || a.startsWith("--duration="));
  if (index < 0) return undefined;
  const text = args[index]!.includes("=") ? args[index]!.split("=")[1] : args[index + 1];
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`--duration expects seconds, got ${text}`);
  }
  return value;
}

async function write(text: string): Promise<void> {
  await Deno.stdout.write(encoder.encode(text));
}
