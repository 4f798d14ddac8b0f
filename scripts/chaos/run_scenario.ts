/**
 * Runs one chaos scenario against a stack: fresh topics and groups, the real producer at a
 * steady rate, the real consumer(s) and detector(s) under a supervisor (a service that
 * exits on its own is restarted, as a deployment's restart policy would), the scenario's
 * faults on a seeded schedule; then it waits until both groups drained the raw topic and
 * audits the result.
 */
import type {
  AnomalyConfig,
  DatabaseConfig,
  KafkaConfig,
  ValidationConfig,
} from "../../shared/config/mod.ts";
import { createSql } from "../../shared/db/mod.ts";
import { connectAdmin, createKafka } from "../../shared/kafka/mod.ts";
import { createIsolatedPipeline } from "./isolated_pipeline.ts";
import { Prng } from "../../shared/simulator/mod.ts";
import { runInfra } from "../infra/run_infra.ts";
import type { KafkaCluster } from "../infra/kafka_cluster.ts";
import { audit, type AuditReport } from "./audit.ts";
import { killBusiestBroker } from "./broker_kill.ts";
import { freeMetricsPort, type ServiceProcess, startService } from "./processes.ts";
import { watchRss } from "../bench/rss.ts";

/** Topic replication on a cluster stack: a write needs 2 of 3 copies (acks=all). */
const CLUSTER_REPLICATION = { factor: 3, minInsync: 2 } as const;

/** The stack a scenario runs on, and how to run infra commands against it. */
export interface ChaosStack {
  readonly kafka: KafkaConfig;
  readonly database: DatabaseConfig;
  readonly validation: ValidationConfig;
  readonly rules: AnomalyConfig;
  /** Env for `scripts/infra/main.ts` so it acts on this stack. */
  readonly infraEnv: Record<string, string>;
  /**
   * The multi-node Kafka that `kafka.brokers` points at, for scenarios that kill brokers;
   * absent on a single-node stack (where `outage("kafka")` restarts the one broker).
   */
  readonly cluster?: KafkaCluster;
}

/** What a scenario's fault schedule can do. */
export interface FaultControl {
  readonly random: () => number;
  sleep(ms: number): Promise<void>;
  /** SIGKILLs one running instance of the service (chosen at random) and starts a new one. */
  kill(service: "consumer" | "detector"): Promise<void>;
  /** Runs `count` instances of the service (starting or gracefully stopping some). */
  scale(service: "consumer" | "detector", count: number): Promise<void>;
  /** Stops a part of the infrastructure for `downMs`, then starts it again. */
  outage(part: "kafka" | "postgres", downMs: number): Promise<void>;
  /**
   * Cluster stacks only: SIGKILLs the broker leading the most raw-topic partitions, keeps it
   * down for `downMs`, starts it again and waits until every partition is fully in sync.
   */
  killBroker(downMs: number): Promise<void>;
}

/** A scenario: load and a fault schedule. */
export interface Scenario {
  readonly name: string;
  readonly durationS: number;
  readonly rate: number;
  readonly customers: number;
  /** The Kafka it needs: the stack's single node (default) or a replicated cluster. */
  readonly kafka?: "single-node" | "cluster";
  readonly faults: (control: FaultControl) => Promise<void>;
}

/** The outcome of one scenario. */
export interface ScenarioResult {
  readonly scenario: string;
  readonly seed: number;
  readonly events: number;
  readonly kills: number;
  readonly restarts: number;
  readonly outages: number;
  /** Seconds from the end of the last fault or of production (the later) to fully drained. */
  readonly recoverySeconds: number;
  /** Peak resident memory of any consumer and of any detector instance during the run. */
  readonly peakRssBytes: Readonly<Record<string, number>>;
  readonly lost: number;
  readonly duplicated: number;
  readonly audit: AuditReport;
  /**
   * The producer's own tally from its "producer finished" line: sends the brokers confirmed
   * and sends it gave up on (those never count as sent). Absent when it printed none.
   */
  readonly producer?: { readonly confirmed: number; readonly failed: number };
}

/** Runs a scenario; `log` gets progress lines. */
export async function runScenario(
  stack: ChaosStack,
  scenario: Scenario,
  seed: number,
  log: (line: string) => void = () => {},
): Promise<ScenarioResult> {
  const id = `chaos-${scenario.name}-${crypto.randomUUID().slice(0, 8)}`;
  const kafka = createKafka(stack.kafka);
  const admin = await connectAdmin(kafka, stack.kafka);
  const sql = createSql(stack.database, { max: 2 });
  const pipeline = await createIsolatedPipeline(
    admin,
    id,
    stack,
    { raw: 24, others: 6 },
    stack.cluster ? CLUSTER_REPLICATION : undefined,
  );
  const { topics, groups } = pipeline;
  const env: Record<string, string> = {
    ...pipeline.env,
    PRODUCER_EPISODE_MULTIPLIER: "50",
    PRODUCER_CUSTOMER_PREFIX: `${id}-c`,
    DB_CONNECT_RETRIES: "20",
    KAFKA_CONNECT_RETRIES: "20",
  };
  const random = Prng.fromSeed(seed);
  const pools: Record<"consumer" | "detector", ServiceProcess[]> = { consumer: [], detector: [] };
  const intended = new WeakSet<ServiceProcess>(); // exits we caused
  const counts = { kills: 0, restarts: 0, outages: 0 };
  let lastFaultEnd = Date.now();
  // Peak memory per service (any instance): a held batch during an outage must not grow it.
  const rss = watchRss();
  const start = (service: "consumer" | "detector") => {
    const process = startService(service, { ...env, ...freeMetricsPort(service) });
    pools[service].push(process);
    rss.add(service, process.pid);
    return process;
  };
  const remove = (service: "consumer" | "detector", process: ServiceProcess) => {
    pools[service] = pools[service].filter((p) => p !== process);
  };
  // The supervisor: a service that exits on its own is restarted.
  let supervising = true;
  const supervisor = (async () => {
    while (supervising) {
      for (const service of ["consumer", "detector"] as const) {
        for (const process of pools[service]) {
          const exited = process.hasExited();
          if (exited && !intended.has(process)) {
            remove(service, process);
            counts.restarts++;
            // The error line, not the last line of its stack trace.
            const tail = process.lines.filter((l) => l.trim() !== "").slice(-25);
            const why = tail.findLast((l) => /"level":"error"|^error|Error/.test(l)) ?? tail.at(-1);
            const file = `.cache/chaos/${id}-${service}-exit-${counts.restarts}.log`;
            await Deno.writeTextFile(file, process.lines.join("\n") + "\n").catch(() => {});
            log(
              `  ${service} exited on its own: restarted (${
                why?.slice(0, 600) ?? "no output"
              }; its whole output: ${file})`,
            );
            start(service);
          }
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();

  const control: FaultControl = {
    random: () => random.nextFloat(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    async kill(service) {
      const victims = pools[service];
      if (victims.length === 0) return;
      const victim = victims[Math.floor(random.nextFloat() * victims.length)]!;
      intended.add(victim);
      victim.kill("SIGKILL");
      await victim.exited;
      remove(service, victim);
      counts.kills++;
      start(service);
      lastFaultEnd = Date.now();
    },
    async scale(service, count) {
      while (pools[service].length < count) start(service);
      while (pools[service].length > count) {
        const leaving = pools[service][pools[service].length - 1]!;
        intended.add(leaving);
        remove(service, leaving);
        await leaving.stop();
      }
      lastFaultEnd = Date.now();
    },
    async outage(part, downMs) {
      counts.outages++;
      await infra(stack.infraEnv, "down", part);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await infra(stack.infraEnv, "up", part);
      lastFaultEnd = Date.now();
    },
    async killBroker(downMs) {
      if (!stack.cluster) {
        throw new Error(
          `${scenario.name}: killBroker needs a Kafka cluster; mark the scenario kafka: "cluster"`,
        );
      }
      counts.kills++;
      const kill = await killBusiestBroker({
        admin,
        cluster: stack.cluster,
        topic: topics.raw,
        downMs,
        random: () => random.nextFloat(),
      });
      const synced = (kill.syncMs / 1000).toFixed(1);
      log(
        `  broker ${kill.nodeId} SIGKILLed (leader of ${kill.led}/${kill.partitions} partitions), ` +
          `down ${downMs / 1000} s, all replicas in sync ${synced} s after its restart`,
      );
      lastFaultEnd = Date.now();
    },
  };

  let producer: ServiceProcess | undefined;
  try {
    start("consumer");
    start("detector");
    producer = startService("producer", { ...env, ...freeMetricsPort("producer") }, [
      "--rate",
      String(scenario.rate),
      "--duration",
      String(scenario.durationS),
      "--seed",
      String(seed),
      "--customers",
      String(scenario.customers),
      "--invalid-rate",
      "0.02",
    ]);
    log(`  ${scenario.name}: producing ${scenario.rate}/s for ${scenario.durationS} s with faults`);
    await scenario.faults(control);
    const producerCode = await producer.exited;
    const producerEndedAt = Date.now();
    const tally = producerTally(producer.lines);
    if (producerCode !== 0) {
      log(`  producer exited with ${producerCode}; its last lines:`);
      for (const line of producer.lines.slice(-4)) log(`    ${line.slice(0, 400)}`);
    } else if (tally && tally.failed > 0) {
      log(`  producer gave up on ${tally.failed} records (${tally.confirmed} confirmed)`);
    }

    const ends = await admin.fetchTopicOffsets(topics.raw);
    const total = ends.reduce((sum, e) => sum + Number(e.high), 0);
    const drained = async (group: string) => {
      const [row] = await sql<{ n: string }[]>`
        select coalesce(sum(next_offset), 0)::text as n from ingest_checkpoint where consumer_group = ${group} and topic = ${topics.raw}`;
      return Number(row!.n) >= total;
    };
    const deadline = Date.now() + 120_000;
    while (!((await drained(groups.writer)) && (await drained(groups.detector)))) {
      if (Date.now() > deadline) {
        const progress = await sql<{ consumer_group: string; n: string; partitions: string }[]>`
          select consumer_group, sum(next_offset)::text as n,
                 string_agg(partition || ':' || next_offset || '@' || coalesce(owner_member, '-'), ' ' order by partition) as partitions
          from ingest_checkpoint where topic = ${topics.raw} group by 1`;
        const tails = [...pools.consumer, ...pools.detector].map((p) =>
          `${p.name}: ${p.lines.slice(-6).map((l) => l.slice(0, 240)).join("\n    ")}`
        );
        throw new Error(
          `${scenario.name}: did not drain ${total} records in time; ${JSON.stringify(progress)}\n${
            tails.join("\n")
          }`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // Recovery: from the moment the last disturbance ended — the last fault, or the end of
    // production if the load outlasted it — until both groups had stored everything.
    const recoverySeconds = (Date.now() - Math.max(lastFaultEnd, producerEndedAt)) / 1000;
    supervising = false;
    await supervisor;
    const peakRssBytes = await rss.stop();
    const report = await audit({
      sql,
      kafka,
      admin,
      topics,
      writerGroup: groups.writer,
      validation: stack.validation,
      rules: stack.rules,
    });
    // Confirmed sends the raw topic does not hold never reached the auditor's truth: lost.
    const unwritten = Math.max(0, (tally?.confirmed ?? 0) - report.distinctRecords);
    if (unwritten > 0) {
      log(
        `  producer confirmed ${tally?.confirmed} records, the raw topic holds ` +
          `${report.distinctRecords} distinct: ${unwritten} lost before Kafka`,
      );
    }
    return {
      scenario: scenario.name,
      seed,
      events: report.records,
      ...counts,
      recoverySeconds,
      peakRssBytes,
      lost: report.lost + unwritten,
      duplicated: report.duplicated,
      audit: report,
      ...(tally ? { producer: tally } : {}),
    };
  } finally {
    supervising = false;
    await supervisor;
    await rss.stop();
    await producer?.stop(); // already ended, unless a fault failed mid-run
    for (const service of ["consumer", "detector"] as const) {
      await Promise.all(pools[service].map((p) => p.stop()));
    }
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => {});
    await admin.disconnect();
    await sql.end({ timeout: 5 });
  }
}

async function infra(
  env: Record<string, string>,
  command: "up" | "down",
  part: "kafka" | "postgres",
): Promise<void> {
  const { code, output } = await runInfra(command, { env, parts: [part] });
  if (code !== 0) throw new Error(`infra ${command} ${part} failed: ${output.trim()}`);
}

/** The confirmed/failed counts of the producer's closing log line, if it printed one. */
function producerTally(lines: readonly string[]): ScenarioResult["producer"] {
  const last = lines.findLast((l) => l.includes('"producer finished"'));
  try {
    const { confirmed, failed } = JSON.parse(last ?? "");
    return typeof confirmed === "number" && typeof failed === "number"
      ? { confirmed, failed }
      : undefined;
  } catch {
    return undefined;
  }
}
