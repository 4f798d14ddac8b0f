/**
 * A Kafka cluster of several nodes on loopback (three in the chaos harness), each node broker
 * and controller at once, the controllers a static quorum (`controller.quorum.voters`), all
 * formatted with one cluster id. With replication factor 3 and `min.insync.replicas=2`, one
 * node may die under acks=all load without losing an acknowledged record — which is what the
 * cluster chaos scenarios check by SIGKILLing a node and starting it again.
 */
import type { InfraConfig, KafkaConfig } from "../../shared/config/mod.ts";
import {
  awaitKafkaNodes,
  kafkaNodeFiles,
  type KafkaNodeSpec,
  type KafkaRuntime,
  launchKafkaNode,
  newClusterId,
  prepareKafkaRuntime,
  registeredBrokers,
} from "./kafka_node.ts";
import {
  ensurePortFree,
  exists,
  isAlive,
  isPortOpen,
  livePid,
  terminate,
  waitUntil,
} from "./process.ts";

/** Where and how to run the cluster. */
export interface KafkaClusterOptions {
  /** The repository root; `stateDir` and the jar cache are below it. */
  readonly root: string;
  /** Jar cache, Kafka version and start timeout (the node settings are the cluster's own). */
  readonly infra: InfraConfig;
  /** Client settings for the readiness checks (the brokers are the cluster's). */
  readonly kafka: KafkaConfig;
  /** Node N lives in `<stateDir>/node-N`, e.g. `.cache/infra/chaos-cluster`. */
  readonly stateDir: string;
  /** One broker port per node; node ids are 1, 2, 3 … in this order. */
  readonly brokerPorts: readonly number[];
  /** One controller port per node, in the same order. */
  readonly controllerPorts: readonly number[];
  /** JVM heap of each node, e.g. `384m`. */
  readonly heap: string;
  /** Copies per partition and writes that must confirm under acks=all. */
  readonly replication: { readonly factor: number; readonly minInsync: number };
}

/** A running (or stoppable) local cluster. */
export interface KafkaCluster {
  /** Bootstrap addresses, `127.0.0.1:<port>` per node. */
  readonly brokers: readonly string[];
  readonly nodeIds: readonly number[];
  /** Starts the nodes that are not running and waits until every one is registered. */
  start(): Promise<"started" | "already running">;
  /** Stops every node (SIGTERM, SIGKILL after 30 s) and waits until its ports are free. */
  stop(): Promise<void>;
  /** SIGKILLs one node (no controlled shutdown) and waits until the process is gone. */
  kill(nodeId: number): Promise<void>;
  /** Starts a stopped or killed node again and waits until the cluster lists it. */
  restart(nodeId: number): Promise<void>;
}

/** Describes the cluster; nothing runs until `start()`. */
export function kafkaCluster(options: KafkaClusterOptions): KafkaCluster {
  const host = "127.0.0.1";
  const nodes = options.brokerPorts.map((port, i): KafkaNodeSpec => ({
    nodeId: i + 1,
    host,
    port,
    controllerPort: options.controllerPorts[i]!,
    files: kafkaNodeFiles(`${options.root}/${options.stateDir}/node-${i + 1}`),
    heap: options.heap,
    voters: options.controllerPorts.map((c, j) => `${j + 1}@${host}:${c}`).join(","),
    replication: options.replication,
  }));
  const brokers = nodes.map((n) => `${host}:${n.port}`);
  const nodeIds = nodes.map((n) => n.nodeId);
  const node = (nodeId: number) => {
    const found = nodes.find((n) => n.nodeId === nodeId);
    if (!found) {
      throw new Error(`no Kafka node ${nodeId} in this cluster (nodes 1-${nodes.length})`);
    }
    return found;
  };
  /** True when the cluster, asked through `via`, lists every node of `ids`. */
  const listed = async (ids: readonly number[], via: readonly string[] = brokers) => {
    const registered = await registeredBrokers(options.kafka, via);
    return registered !== undefined && ids.every((id) => registered.includes(id));
  };
  const stopNode = async (n: KafkaNodeSpec) => {
    const pid = await livePid(n.files.pid);
    if (pid !== undefined) await terminate(pid, 30_000);
    await waitUntil(
      async () => !(await isPortOpen(host, n.port)) && !(await isPortOpen(host, n.controllerPort)),
      10_000,
    );
    await Deno.remove(n.files.pid).catch(() => {});
  };

  async function launch(runtime: KafkaRuntime) {
    const formatted = await Promise.all(
      nodes.map((n) => exists(`${n.files.data}/meta.properties`)),
    );
    // Every node must carry the same cluster id: unless all are formatted, format all anew.
    if (!formatted.every(Boolean)) {
      for (const n of nodes) await Deno.remove(n.files.data, { recursive: true }).catch(() => {});
    }
    const clusterId = newClusterId();
    for (const n of nodes) {
      if ((await livePid(n.files.pid)) !== undefined) continue;
      await ensurePortFree(
        host,
        n.port,
        `Kafka node ${n.nodeId} broker`,
        "the chaos cluster ports",
      );
      await ensurePortFree(
        host,
        n.controllerPort,
        `Kafka node ${n.nodeId} controller`,
        "the chaos cluster ports",
      );
      await launchKafkaNode(runtime, n, clusterId);
    }
  }

  return {
    brokers,
    nodeIds,
    async start() {
      const running = await Promise.all(nodes.map((n) => livePid(n.files.pid)));
      if (running.every((pid) => pid !== undefined) && (await listed(nodeIds))) {
        return "already running";
      }
      // Part of a cluster left running (a crashed run): stop it and start all together.
      if (running.some((pid) => pid !== undefined)) await Promise.all(nodes.map(stopNode));
      await launch(await prepareKafkaRuntime(options.root, options.infra));
      await awaitKafkaNodes(
        nodes.map((n) => n.files),
        () => listed(nodeIds),
        options.infra.startTimeoutMs,
      );
      return "started";
    },
    async stop() {
      await Promise.all(nodes.map(stopNode));
    },
    async kill(nodeId) {
      const { files } = node(nodeId);
      const pid = await livePid(files.pid);
      if (pid === undefined) return;
      Deno.kill(pid, "SIGKILL");
      await waitUntil(async () => !(await isAlive(pid)), 10_000, 50);
      await Deno.remove(files.pid).catch(() => {});
    },
    async restart(nodeId) {
      const n = node(nodeId);
      if ((await livePid(n.files.pid)) === undefined) {
        const runtime = await prepareKafkaRuntime(options.root, options.infra);
        await launchKafkaNode(runtime, n, newClusterId()); // storage exists: the id is unused
      }
      await awaitKafkaNodes(
        [n.files],
        // Asked through its own port: the node serves metadata, and the cluster lists it.
        async () =>
          (await isPortOpen(host, n.port)) && (await listed([nodeId], [`${host}:${n.port}`])),
        options.infra.startTimeoutMs,
      );
    },
  };
}
