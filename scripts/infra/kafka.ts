/**
 * A single-node Apache Kafka (KRaft: broker and controller in one JVM) on loopback, from
 * jars that Maven resolves from Maven Central into the cache folder (no tarball download).
 * How a node is configured and launched lives in `kafka_node.ts`.
 */
import type { InfraConfig, KafkaConfig } from "../../shared/config/mod.ts";
import { parseHostPort } from "../../shared/config/mod.ts";
import type { Component, ComponentStatus } from "./component.ts";
import { InfraError } from "./errors.ts";
import {
  awaitKafkaNodes,
  kafkaNodeFiles,
  launchKafkaNode,
  newClusterId,
  prepareKafkaRuntime,
  registeredBrokers,
} from "./kafka_node.ts";
import { ensurePortFree, isPortOpen, livePid, tail, terminate, waitUntil } from "./process.ts";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Builds the Kafka component for the configured bootstrap servers. */
export function kafkaComponent(infra: InfraConfig, kafka: KafkaConfig, root: string): Component {
  const single = kafka.brokers.length === 1 ? parseHostPort(kafka.brokers[0]!) : undefined;
  const managed = single !== undefined && LOOPBACK.has(single.host);
  const host = "127.0.0.1";
  const port = single?.port ?? 0;
  const controllerPort = infra.kafkaControllerPort ?? port + 1;
  const files = kafkaNodeFiles(`${root}/${infra.stateDir}/kafka`);

  async function answers(): Promise<boolean> {
    if (!(await isPortOpen(host, port))) return false;
    return (await registeredBrokers(kafka, kafka.brokers)) !== undefined;
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
    const runtime = await prepareKafkaRuntime(root, infra);
    await launchKafkaNode(runtime, {
      nodeId: 1,
      host,
      port,
      controllerPort,
      files,
      heap: infra.kafkaHeap,
      replication: { factor: 1, minInsync: 1 },
    }, newClusterId());
    await awaitKafkaNodes([files], answers, infra.startTimeoutMs);
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
