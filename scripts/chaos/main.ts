/**
 * `deno task chaos [--smoke] [--seed N] [--scenario NAME …] [--json PATH] [--keep-infra]`:
 * starts a private stack on its own ports (Kafka :39092, PostgreSQL :55434), runs the
 * scenarios, prints a table per scenario, writes the figures as JSON, and exits 1 if any
 * record was lost or duplicated.
 */
import { loadConfig, sections } from "../../shared/config/mod.ts";
import { runMain } from "../../shared/cli/run_main.ts";
import { type ChaosStack, runScenario, type ScenarioResult } from "./run_scenario.ts";
import { scenarios } from "./scenarios.ts";
import { runInfra } from "../infra/run_infra.ts";

const STACK_ENV: Record<string, string> = {
  KAFKA_BOOTSTRAP_SERVERS: "127.0.0.1:39092",
  KAFKA_CONTROLLER_PORT: "39093",
  DATABASE_URL: "postgres://heartbeat_user:heartbeat_local_only@127.0.0.1:55434/heartbeat",
  INFRA_STATE_DIR: ".cache/infra/chaos",
  PROMETHEUS_ENABLED: "false",
};

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

  await infra("up");
  const config = loadConfig(
    {
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
  const results: ScenarioResult[] = [];
  try {
    for (const [i, scenario] of plan.entries()) {
      console.log(`\n== ${scenario.name}`);
      const result = await runScenario(stack, scenario, seed + i, (line) => console.log(line));
      results.push(result);
      console.log(table([result]));
    }
  } finally {
    if (!flag("--keep-infra")) await infra("down");
  }
  console.log(`\n== summary (seed ${seed})\n${table(results)}`);
  await Deno.mkdir(jsonPath.replace(/\/[^/]*$/, ""), { recursive: true }).catch(() => {});
  await Deno.writeTextFile(
    jsonPath,
    JSON.stringify({ seed, at: new Date().toISOString(), results }, null, 2) + "\n",
  );
  console.log(`figures written to ${jsonPath}`);
  return results.every((r) => r.lost === 0 && r.duplicated === 0) ? 0 : 1;
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
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ")
  ).join("\n");
}

async function infra(command: "up" | "down"): Promise<void> {
  const { code } = await runInfra(command, { env: STACK_ENV, inherit: true });
  if (code !== 0) throw new Error(`infra ${command} failed`);
}
