/**
 * A single-node Apache Kafka (KRaft: broker and controller in one JVM) on loopback, from
 * jars that Maven resolves from Maven Central into the cache folder (no tarball download).
 */
import { connectAdmin, createKafka } from "../../shared/kafka/mod.ts";
import type { InfraConfig, KafkaConfig } from "../../shared/config/mod.ts";
import { parseHostPort } from "../../shared/config/mod.ts";
import type { Component, ComponentStatus } from "./component.ts";
import { InfraError } from "./errors.ts";
import {
  ensurePortFree,
  exists,
  isPortOpen,
  livePid,
  run,
  spawnDaemon,
  tail,
  terminate,
  waitUntil,
  which,
} from "./process.ts";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Builds the Kafka component for the configured bootstrap servers. */
export function kafkaComponent(infra: InfraConfig, kafka: KafkaConfig, root: string): Component {
  const single = kafka.brokers.length === 1 ? parseHostPort(kafka.brokers[0]!) : undefined;
  const managed = single !== undefined && LOOPBACK.has(single.host);
  const host = "127.0.0.1";
  const port = single?.port ?? 0;
  const controllerPort = infra.kafkaControllerPort ?? port + 1;
  const dir = `${root}/${infra.stateDir}/kafka`;
  const libs = `${root}/${infra.cacheDir}/kafka/${infra.kafkaVersion}/libs`;
  const files = {
    props: `${dir}/server.properties`,
    log4j: `${dir}/log4j2.yaml`,
    pid: `${dir}/kafka.pid`,
    stdout: `${dir}/kafka.out`,
    logFile: `${dir}/logs/server.log`,
    data: `${dir}/data`,
  };

  async function answers(): Promise<boolean> {
    if (!(await isPortOpen(host, port))) return false;
    const client = createKafka({ ...kafka, connectRetries: 0, connectTimeoutMs: 2000 });
    const admin = await connectAdmin(client, { ...kafka, connectRetries: 0 }).catch(() =>
      undefined
    );
    await admin?.disconnect();
    return admin !== undefined;
  }

  async function status(): Promise<ComponentStatus> {
    if (!managed) {
      return { state: "external", detail: "KAFKA_BOOTSTRAP_SERVERS is not one loopback address" };
    }
    const pid = await livePid(files.pid);
    if (pid === undefined) return { state: "stopped" };
    return (await answers())
      ? { state: "healthy", pid }
      : { state: "unhealthy", pid, detail: await tail(files.logFile, 2) };
  }

  async function start() {
    if (!managed) return "external" as const;
    if ((await livePid(files.pid)) !== undefined) {
      if (await waitUntil(answers, infra.startTimeoutMs)) return "already running" as const;
      throw new InfraError(
        "START_TIMEOUT",
        `Kafka is running (PID file ${files.pid}) but does not answer on ${host}:${port}; see ${files.logFile}, or run \`deno task infra:down\` and try again.`,
      );
    }
    await ensurePortFree(host, port, "Kafka broker", "KAFKA_BOOTSTRAP_SERVERS");
    await ensurePortFree(host, controllerPort, "Kafka controller", "KAFKA_CONTROLLER_PORT");
    const java = await requireJava();
    await fetchKafkaJars(root, infra, libs);
    await Deno.mkdir(`${dir}/logs`, { recursive: true });
    await Deno.writeTextFile(files.props, serverProperties(host, port, controllerPort, files.data));
    await Deno.writeTextFile(files.log4j, log4jConfig(`${dir}/logs`));
    const classpath = `${libs}/*`;
    if (!(await exists(`${files.data}/meta.properties`))) {
      const format = await run(java, [
        "-cp",
        classpath,
        "kafka.tools.StorageTool",
        "format",
        "-t",
        crypto.randomUUID().replaceAll("-", "").slice(0, 22),
        "-c",
        files.props,
        "--standalone",
      ]);
      if (format.code !== 0) {
        throw new InfraError(
          "START_FAILED",
          `Formatting Kafka storage in ${files.data} failed: ${
            format.stderr.trim().split("\n").pop()
          }`,
        );
      }
    }
    await spawnDaemon(java, [
      `-Xms${infra.kafkaHeap}`,
      `-Xmx${infra.kafkaHeap}`,
      "-XX:+UseG1GC",
      "-Djava.awt.headless=true",
      `-Dkafka.logs.dir=${dir}/logs`,
      `-Dlog4j2.configurationFile=${files.log4j}`,
      "-cp",
      classpath,
      "kafka.Kafka",
      files.props,
    ], { logFile: files.stdout, pidFile: files.pid });
    const ready = await waitUntil(
      async () => {
        if ((await livePid(files.pid)) === undefined) throw new Error("exited");
        return await answers();
      },
      infra.startTimeoutMs,
      250,
    ).catch(() => false);
    if (!ready) {
      const why = (await livePid(files.pid)) === undefined
        ? "exited"
        : `did not answer within ${infra.startTimeoutMs / 1000} s (INFRA_START_TIMEOUT_S)`;
      throw new InfraError(
        "START_TIMEOUT",
        `Kafka ${why}; last log lines: ${
          await tail(files.logFile, 3) || await tail(files.stdout, 3)
        } (full log: ${files.logFile})`,
      );
    }
    return "started" as const;
  }

  async function stop() {
    if (!managed) return "external" as const;
    const pid = await livePid(files.pid);
    if (pid === undefined) return "not running" as const;
    await terminate(pid, 30_000);
    await waitUntil(
      async () => !(await isPortOpen(host, port)) && !(await isPortOpen(host, controllerPort)),
      10_000,
    );
    await Deno.remove(files.pid).catch(() => {});
    return "stopped" as const;
  }

  return {
    name: "Kafka",
    address: managed ? `${host}:${port}` : kafka.brokers.join(","),
    logFile: files.logFile,
    status,
    start,
    stop,
  };
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

function serverProperties(
  host: string,
  port: number,
  controllerPort: number,
  data: string,
): string {
  return `# Written by scripts/infra/kafka.ts on every start; edit that file, not this one.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=${host}:${controllerPort}
listeners=PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}
advertised.listeners=PLAINTEXT://${host}:${port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=${data}
# Topics exist because we create them (deno task topics), never by a typo in a client.
auto.create.topics.enable=false
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# A single local node: no reason to wait for more members before the first rebalance.
group.initial.rebalance.delay.ms=0
log.retention.hours=168
log.segment.bytes=268435456
`;
}

function log4jConfig(logDir: string): string {
  return `# Written by scripts/infra/kafka.ts: broker log to a size-capped rolling file.
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
