/**
 * One Apache Kafka node (KRaft: broker and controller in one JVM) as a local process: the
 * jars Maven resolves from Maven Central into the cache folder (no tarball download), the
 * node's server.properties and log config, storage formatting on first start, the detached
 * JVM, and the wait until it answers. The single-node stack (`kafka.ts`) and the chaos
 * harness's three-node cluster (`kafka_cluster.ts`) both start their nodes through it.
 */
import { connectAdmin, createKafka } from "../../shared/kafka/mod.ts";
import type { InfraConfig, KafkaConfig } from "../../shared/config/mod.ts";
import { InfraError } from "./errors.ts";
import { exists, livePid, run, spawnDaemon, tail, waitUntil, which } from "./process.ts";

/** Where a node keeps its files, all below one folder. */
export interface KafkaNodeFiles {
  readonly dir: string;
  readonly props: string;
  readonly log4j: string;
  readonly pid: string;
  readonly stdout: string;
  readonly logFile: string;
  readonly data: string;
}

/** The file layout of a node whose folder is `dir`. */
export function kafkaNodeFiles(dir: string): KafkaNodeFiles {
  return {
    dir,
    props: `${dir}/server.properties`,
    log4j: `${dir}/log4j2.yaml`,
    pid: `${dir}/kafka.pid`,
    stdout: `${dir}/kafka.out`,
    logFile: `${dir}/logs/server.log`,
    data: `${dir}/data`,
  };
}

/** What makes one node. */
export interface KafkaNodeSpec {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly files: KafkaNodeFiles;
  /** JVM heap, e.g. `512m` (both -Xms and -Xmx). */
  readonly heap: string;
  /**
   * The controller quorum. Absent: the node is alone in a dynamic quorum
   * (`controller.quorum.bootstrap.servers`, storage formatted `--standalone`). Present: the
   * static voters `id@host:port,…` of a cluster (`controller.quorum.voters`; every node
   * formatted with the same cluster id and no quorum flag).
   */
  readonly voters?: string;
  /**
   * Copies of each partition (`default.replication.factor` and the internal topics) and how
   * many must confirm a write under acks=all (`min.insync.replicas`).
   */
  readonly replication: { readonly factor: number; readonly minInsync: number };
  /**
   * An extra `SASL_PLAINTEXT` listener on `port` accepting PLAIN and SCRAM-SHA-512 for these
   * users (name → password); the PLAINTEXT listener stays for the node itself. Tests use it
   * to prove the client's SASL settings against a real broker.
   */
  readonly sasl?: { readonly port: number; readonly users: Readonly<Record<string, string>> };
}

/** Java and the broker's classpath: what launching a node needs. */
export interface KafkaRuntime {
  readonly java: string;
  readonly classpath: string;
}

/**
 * Finds Java 17+ and makes sure the jars of `infra.kafkaVersion` are in the cache (resolved
 * with Maven on the first run, reused afterwards).
 */
export async function prepareKafkaRuntime(root: string, infra: InfraConfig): Promise<KafkaRuntime> {
  const java = await requireJava();
  const libs = `${root}/${infra.cacheDir}/kafka/${infra.kafkaVersion}/libs`;
  await fetchKafkaJars(root, infra, libs);
  return { java, classpath: `${libs}/*` };
}

/** A fresh cluster id (22 characters, the length `kafka-storage random-uuid` prints). */
export function newClusterId(): string {
  return crypto.randomUUID().replaceAll("-", "").slice(0, 22);
}

/**
 * Writes the node's server.properties and log config (on every start, so edits to this file
 * apply), formats its storage with `clusterId` when it has none yet, and starts the JVM
 * detached (PID in `files.pid`). Returns the PID; does not wait for the node to answer.
 */
export async function launchKafkaNode(
  runtime: KafkaRuntime,
  spec: KafkaNodeSpec,
  clusterId: string,
): Promise<number> {
  const { files } = spec;
  await Deno.mkdir(`${files.dir}/logs`, { recursive: true });
  await Deno.writeTextFile(files.props, serverProperties(spec));
  await Deno.writeTextFile(files.log4j, log4jConfig(`${files.dir}/logs`));
  if (!(await exists(`${files.data}/meta.properties`))) {
    const format = await run(runtime.java, [
      "-cp",
      runtime.classpath,
      "kafka.tools.StorageTool",
      "format",
      "-t",
      clusterId,
      "-c",
      files.props,
      ...(spec.voters === undefined ? ["--standalone"] : []),
      ...Object.entries(spec.sasl?.users ?? {}).flatMap(([name, password]) => [
        "--add-scram",
        `SCRAM-SHA-512=[name=${name},password=${password}]`,
      ]),
    ]);
    if (format.code !== 0) {
      throw new InfraError(
        "START_FAILED",
        `Formatting Kafka storage in ${files.data} failed: ${
          format.stderr.trim().split("\n").pop()
        }; delete ${files.data} and start again if it holds a half-formatted node.`,
      );
    }
  }
  return await spawnDaemon(runtime.java, [
    `-Xms${spec.heap}`,
    `-Xmx${spec.heap}`,
    "-XX:+UseG1GC",
    "-Djava.awt.headless=true",
    `-Dkafka.logs.dir=${files.dir}/logs`,
    `-Dlog4j2.configurationFile=${files.log4j}`,
    "-cp",
    runtime.classpath,
    "kafka.Kafka",
    files.props,
  ], { logFile: files.stdout, pidFile: files.pid });
}

/**
 * Polls `ready` until it holds, failing fast with START_TIMEOUT when a node's process is
 * gone, or after `timeoutMs`; the error quotes the last log lines of the node that failed.
 */
export async function awaitKafkaNodes(
  nodes: readonly KafkaNodeFiles[],
  ready: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const dead = async () => {
    for (const node of nodes) if ((await livePid(node.pid)) === undefined) return node;
    return undefined;
  };
  const ok = await waitUntil(
    async () => {
      if (await dead()) throw new Error("exited");
      return await ready();
    },
    timeoutMs,
    250,
  ).catch(() => false);
  if (ok) return;
  const exited = await dead();
  const node = exited ?? nodes[0]!;
  const why = exited
    ? "exited"
    : `did not answer within ${timeoutMs / 1000} s (INFRA_START_TIMEOUT_S)`;
  throw new InfraError(
    "START_TIMEOUT",
    `Kafka ${why}; last log lines: ${
      await tail(node.logFile, 3) || await tail(node.stdout, 3)
    } (full log: ${node.logFile})`,
  );
}

/**
 * The ids of the brokers the cluster reports when asked through `brokers`, or undefined when
 * none of them answers (one quick attempt, no retries: meant for polling).
 */
export async function registeredBrokers(
  kafka: KafkaConfig,
  brokers: readonly string[],
): Promise<number[] | undefined> {
  const config = { ...kafka, brokers: [...brokers], connectRetries: 0, connectTimeoutMs: 2000 };
  const admin = await connectAdmin(createKafka(config), config).catch(() => undefined);
  if (admin === undefined) return undefined;
  try {
    return (await admin.describeCluster()).brokers.map((b) => b.nodeId);
  } catch {
    return undefined;
  } finally {
    await admin.disconnect();
  }
}

async function requireJava(): Promise<string> {
  const java = await which("java");
  const version = java ? await run(java, ["-version"]) : undefined;
  const major = Number(/version "(\d+)/.exec(version?.stderr ?? "")?.[1] ?? 0);
  if (!java || major < 17) {
    throw new InfraError(
      "JAVA_MISSING",
      `Java 17 or newer is needed to run Kafka ${
        java ? `(found ${major})` : "(java not on PATH)"
      }: install it with \`apt-get install -y openjdk-17-jre-headless\`.`,
    );
  }
  return java;
}

/** Resolves the broker's jars with Maven into `libs` once; later runs reuse them. */
async function fetchKafkaJars(root: string, infra: InfraConfig, libs: string): Promise<void> {
  if (await exists(`${libs}/.complete`)) return;
  const mvn = await which("mvn");
  if (!mvn) {
    throw new InfraError(
      "MAVEN_MISSING",
      "Maven (mvn) is needed once to fetch Apache Kafka from Maven Central: install it with `apt-get install -y maven`.",
    );
  }
  console.error(`fetching Apache Kafka ${infra.kafkaVersion} from Maven Central (first run only)…`);
  const staging = `${libs}.partial`;
  await Deno.remove(staging, { recursive: true }).catch(() => {});
  const result = await run(mvn, [
    "-q",
    "-B",
    "-f",
    `${root}/scripts/kafka/pom.xml`,
    `-Dkafka.version=${infra.kafkaVersion}`,
    "dependency:copy-dependencies",
    "-DincludeScope=runtime",
    `-DoutputDirectory=${staging}`,
  ]);
  if (result.code !== 0) {
    throw new InfraError(
      "KAFKA_FETCH_FAILED",
      `Maven could not resolve Apache Kafka ${infra.kafkaVersion}: ${
        (result.stdout + result.stderr).trim().split("\n").filter((l) => l.includes("ERROR")).slice(
          0,
          2,
        ).join(" ") || "see mvn output"
      } (is Maven Central reachable? is KAFKA_VERSION right?)`,
    );
  }
  await Deno.writeTextFile(`${staging}/.complete`, `${new Date().toISOString()}\n`);
  await Deno.remove(libs, { recursive: true }).catch(() => {});
  await Deno.rename(staging, libs);
}

function serverProperties(spec: KafkaNodeSpec): string {
  const { host, port, controllerPort } = spec;
  const { factor, minInsync } = spec.replication;
  const quorum = spec.voters === undefined
    ? `controller.quorum.bootstrap.servers=${host}:${controllerPort}`
    : `controller.quorum.voters=${spec.voters}`;
  return `# Written by scripts/infra/kafka_node.ts on every start; edit that file, not this one.
process.roles=broker,controller
node.id=${spec.nodeId}
${quorum}
listeners=PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}${
    spec.sasl ? `,SASL_PLAINTEXT://${host}:${spec.sasl.port}` : ""
  }
advertised.listeners=PLAINTEXT://${host}:${port}${
    spec.sasl ? `,SASL_PLAINTEXT://${host}:${spec.sasl.port}` : ""
  }
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT${
    spec.sasl ? ",SASL_PLAINTEXT:SASL_PLAINTEXT" : ""
  }
${spec.sasl ? saslProperties(spec.sasl.users) : ""}log.dirs=${spec.files.data}
# Topics exist because we create them (deno task topics), never by a typo in a client.
auto.create.topics.enable=false
num.partitions=1
default.replication.factor=${factor}
min.insync.replicas=${minInsync}
offsets.topic.replication.factor=${factor}
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=${factor}
transaction.state.log.min.isr=${minInsync}
share.coordinator.state.topic.replication.factor=${factor}
share.coordinator.state.topic.min.isr=${minInsync}
# Local nodes: no reason to wait for more members before the first rebalance.
group.initial.rebalance.delay.ms=0
log.retention.hours=168
log.segment.bytes=268435456
`;
}

/** PLAIN (users inline) and SCRAM-SHA-512 (credentials added at format time) on the SASL listener. */
function saslProperties(users: Readonly<Record<string, string>>): string {
  const plainUsers = Object.entries(users).map(([name, password]) => `user_${name}="${password}"`)
    .join(" ");
  return `sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-512
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
`;
}

function log4jConfig(logDir: string): string {
  return `# Written by scripts/infra/kafka_node.ts: broker log to a size-capped rolling file.
Configuration:
  Appenders:
    RollingFile:
      name: server
      fileName: "${logDir}/server.log"
      filePattern: "${logDir}/server.log.%i"
      PatternLayout:
        pattern: "[%d] %p %m (%c)%n"
      SizeBasedTriggeringPolicy:
        size: 50MB
      DefaultRolloverStrategy:
        max: 3
  Loggers:
    Root:
      level: INFO
      AppenderRef:
        - ref: server
    Logger:
      - name: kafka.request.logger
        level: WARN
      - name: org.apache.kafka.controller
        level: INFO
      - name: state.change.logger
        level: WARN
`;
}
