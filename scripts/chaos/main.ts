/**
 * `deno task chaos [--smoke] [--seed N] [--scenario NAME …] [--json PATH] [--keep-infra]`:
 * starts a private stack on its own ports (Kafka :39092, PostgreSQL :55434; for the cluster
 * scenarios a 3-node Kafka cluster on :39192-39194 with controllers on :39292-39294), runs
 * the scenarios, prints a table per scenario, writes the figures as JSON, and exits 1 if
 * any record was lost or duplicated (or a scenario saw no records at all). Each part starts
 * only when a chosen scenario needs it, and everything stops at the end unless
 * `--keep-infra`.
 */
import { loadConfig, sections } from "../../shared/config/mod.ts";
import { runMain } from "../../shared/cli/run_main.ts";
import {
  type ChaosStack,
  runScenario,
  type Scenario,
  type ScenarioResult,
} from "./run_scenario.ts";
import { scenarios } from "./scenarios.ts";
import { runInfra } from "../infra/run_infra.ts";
import { kafkaCluster } from "../infra/kafka_cluster.ts";

const STACK_ENV: Record<string, string> = {
  KAFKA_BOOTSTRAP_SERVERS: "127.0.0.1:39092",
  KAFKA_CONTROLLER_PORT: "39093",
  DATABASE_URL: "postgres://heartbeat_user:heartbeat_local_only@127.0.0.1:55434/heartbeat",
  INFRA_STATE_DIR: ".cache/infra/chaos",
  PROMETHEUS_ENABLED: "false",
};

/** The cluster scenarios' Kafka: 3 nodes, each broker and controller, beside the stack. */
const CLUSTER = {
  stateDir: ".cache/infra/chaos-cluster",
  brokerPorts: [39192, 39193, 39194],
  controllerPorts: [39292, 39293, 39294],
  heap: "384m",
  replication: { factor: 3, minInsync: 2 },
} as const;

await runMain(async () => {
  const args = [...Deno.args];
  const flag = (name: string) => args.includes(name);
  const value = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const seed = Number(value("--seed") ?? 42);
  const wanted = args.flatMap((a, i) => (args[i - 1] === "--scenario" ? [a] : []));
  const plan = scenarios(flag("--smoke") ? "smoke" : "full").filter((s) =>
    wanted.length === 0 || wanted.includes(s.name)
  );
  const jsonPath = value("--json") ??
    `.cache/chaos/chaos-${new Date().toISOString().replaceAll(":", "-")}.json`;

  const onCluster = (s: Scenario) => s.kafka === "cluster";
  // PostgreSQL always; the single-node Kafka only when a scenario runs on it.
  await infra("up", plan.every(onCluster) ? ["postgres"] : undefined);
  const config = loadConfig(
    {
      infra: sections.infra,
      kafka: sections.kafka,
      database: sections.database,
      validation: sections.validation,
      anomaly: sections.anomaly,
    },
    (name) => STACK_ENV[name] ?? Deno.env.get(name),
  );
  const stack: ChaosStack = {
    kafka: config.kafka,
    database: config.database,
    validation: config.validation,
    rules: config.anomaly,
    infraEnv: STACK_ENV,
  };
  const cluster = plan.some(onCluster)
    ? kafkaCluster({ ...CLUSTER, root: Deno.cwd(), infra: config.infra, kafka: config.kafka })
    : undefined;
  const results: ScenarioResult[] = [];
  let clusterStarted = false;
  try {
    for (const [i, scenario] of plan.entries()) {
      console.log(`\n== ${scenario.name}`);
      // Started at its first scenario (the last ones of a full run): not idling beside the rest.
      if (onCluster(scenario) && cluster && !clusterStarted) {
        console.log(`Kafka cluster ${await cluster.start()} (${cluster.brokers.join(",")})`);
        clusterStarted = true;
      }
      const on = onCluster(scenario) && cluster
        ? { ...stack, kafka: { ...stack.kafka, brokers: [...cluster.brokers] }, cluster }
        : stack;
      const result = await runScenario(on, scenario, seed + i, (line) => console.log(line));
      results.push(result);
      console.log(table([result]));
    }
  } finally {
    if (!flag("--keep-infra")) {
      await cluster?.stop();
      await infra("down");
    }
  }
  console.log(`\n== summary (seed ${seed})\n${table(results)}`);
  await Deno.mkdir(jsonPath.replace(/\/[^/]*$/, ""), { recursive: true }).catch(() => {});
  await Deno.writeTextFile(
    jsonPath,
    JSON.stringify({ seed, at: new Date().toISOString(), results }, null, 2) + "\n",
  );
  console.log(`figures written to ${jsonPath}`);
  // A run without events proves nothing (the services or the producer never got going).
  return results.every((r) => r.lost === 0 && r.duplicated === 0 && r.events > 0) ? 0 : 1;
});

/** The per-scenario table: events, faults, lost, duplicated, recovery time. */
export function table(results: readonly ScenarioResult[]): string {
  const rows = [
    [
      "scenario",
      "events",
      "kills",
      "restarts",
      "outages",
      "lost",
      "duplicated",
      "invalid",
      "anomalies",
      "recovery s",
      "peak RSS MB c/d",
    ],
    ...results.map((r) => [
      r.scenario,
      String(r.events),
      String(r.kills),
      String(r.restarts),
      String(r.outages),
      String(r.lost),
      String(r.duplicated),
      String(r.audit.invalid.expected),
      String(r.audit.anomalies.expected),
      r.recoverySeconds.toFixed(1),
      ["consumer", "detector"].map((s) => ((r.peakRssBytes[s] ?? 0) / 1e6).toFixed(0)).join("/"),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ")
  ).join("\n");
}

async function infra(command: "up" | "down", parts?: readonly "postgres"[]): Promise<void> {
  const { code } = await runInfra(command, { env: STACK_ENV, inherit: true, parts });
  if (code !== 0) throw new Error(`infra ${command} failed`);
}
