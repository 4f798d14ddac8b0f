/**
 * `deno task infra:up | infra:down | infra:status`: the local stack (Kafka, PostgreSQL,
 * Prometheus) on loopback, plus topics and migrations. Idempotent: `up` on a running stack
 * reports "already running" and only re-verifies topics and migrations.
 *
 * Exit codes: 0 done (status: all healthy), 1 a clear error (one line), 3 status found a
 * part that is not healthy.
 */
import { loadConfig, sections } from "../../shared/config/mod.ts";
import { runMain } from "../../shared/cli/run_main.ts";
import type { Component } from "./component.ts";
import { kafkaComponent } from "./kafka.ts";
import { postgresComponent } from "./postgres.ts";
import { prometheusComponent } from "./prometheus.ts";
import { setUpDatabase, setUpTopics } from "./setup.ts";

const USAGE = "usage: infra/main.ts up|down|status [kafka] [postgres] [prometheus]  (default: all)";

await runMain(async () => {
  const [command, ...only] = Deno.args;
  const known = ["kafka", "postgres", "prometheus"];
  if (
    (command !== "up" && command !== "down" && command !== "status") ||
    only.some((p) => !known.includes(p))
  ) {
    console.error(USAGE);
    return 2;
  }
  const wanted = (part: string) => only.length === 0 || only.includes(part);
  const config = loadConfig({
    infra: sections.infra,
    kafka: sections.kafka,
    topics: sections.topics,
    database: sections.database,
  });
  const root = Deno.cwd();
  const kafka = kafkaComponent(config.infra, config.kafka, root);
  const postgres = postgresComponent(config.infra, config.database, root);
  const prometheus = prometheusComponent(config.infra, root);
  const all = [kafka, postgres, prometheus].filter((_, i) => wanted(known[i]!));

  if (command === "up") {
    const started = Date.now();
    // Kafka and PostgreSQL are independent and each takes seconds: start them together, and
    // let both finish before reporting a failure (exiting mid-initdb leaves a broken cluster).
    const starting = [kafka, postgres].filter((c) => all.includes(c));
    const results = await Promise.allSettled(starting.map((c) => c.start()));
    starting.forEach((component, i) => {
      const result = results[i]!;
      report(component, result.status === "fulfilled" ? result.value : "failed");
    });
    const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure) throw failure.reason;
    // Set up what was started: topics with Kafka, migrations with PostgreSQL.
    const [topicOutcomes, migrationOutcomes] = await Promise.all([
      wanted("kafka") ? setUpTopics(config.kafka, config.topics) : undefined,
      wanted("postgres") ? setUpDatabase(config.database, `${root}/db/migrations`) : undefined,
    ]);
    if (topicOutcomes) {
      const created = topicOutcomes.filter((t) => t.action === "created").length;
      console.log(`topics       ${created} created, ${topicOutcomes.length - created} verified`);
    }
    if (migrationOutcomes) {
      const applied = migrationOutcomes.filter((m) => m.action === "applied").length;
      console.log(
        `migrations   ${applied} applied, ${migrationOutcomes.length - applied} already applied`,
      );
    }
    if (wanted("prometheus")) report(prometheus, await prometheus.start());
    console.log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    await printStatus(all);
    return 0;
  }
  if (command === "down") {
    const results = await Promise.all(all.map((c) => c.stop()));
    all.forEach((component, i) => report(component, results[i]!));
    return 0;
  }
  return (await printStatus(all)) ? 0 : 3;
});

function report(component: Component, outcome: string): void {
  console.log(`${component.name.padEnd(12)} ${outcome}`);
}

/** Prints the status table; true when every managed part is healthy. */
async function printStatus(components: readonly Component[]): Promise<boolean> {
  const rows = await Promise.all(components.map(async (c) => ({ c, s: await c.status() })));
  const table = [
    ["component", "state", "address", "pid", "log / note"],
    ...rows.map((
      { c, s },
    ) => [c.name, s.state, c.address, s.pid ? String(s.pid) : "-", s.detail ?? c.logFile]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) {
    console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd());
  }
  return rows.every(({ s }) => ["healthy", "external", "missing", "disabled"].includes(s.state));
}
