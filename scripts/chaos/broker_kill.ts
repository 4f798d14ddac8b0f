/**
 * The cluster fault: SIGKILL the broker that leads the most partitions of a topic (so the
 * most leadership moves at once, with writes in flight), keep it down, start it again, and
 * wait until every partition has all its replicas back in sync — so the next fault meets a
 * whole cluster and the replication factor, not luck, is what the run proves.
 */
import type { Admin } from "../../shared/kafka/mod.ts";
import type { KafkaCluster } from "../infra/kafka_cluster.ts";

/** A partition as the cluster metadata reports it (kafkajs `PartitionMetadata` fits). */
export interface PartitionState {
  readonly partitionId: number;
  /** Node id of the leader; negative when the partition has none. */
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

/**
 * The node leading the most of `partitions`; a tie is broken with `random` (the scenario's
 * seeded PRNG, so a run repeats). Undefined when no partition has a leader.
 */
export function busiestLeader(
  partitions: readonly PartitionState[],
  random: () => number,
): number | undefined {
  const counts = new Map<number, number>();
  for (const p of partitions) {
    if (p.leader >= 0) counts.set(p.leader, (counts.get(p.leader) ?? 0) + 1);
  }
  const most = Math.max(0, ...counts.values());
  const top = [...counts].filter(([, n]) => n === most).map(([id]) => id).sort((a, b) => a - b);
  return top.length === 0 ? undefined : top[Math.floor(random() * top.length)];
}

/** The partitions with a replica missing from their in-sync set, as `topic/partition isr=[…] of […]`. */
export function outOfSync(
  topics: readonly { name: string; partitions: readonly PartitionState[] }[],
): string[] {
  return topics.flatMap((t) =>
    t.partitions.filter((p) => p.replicas.some((r) => !p.isr.includes(r))).map((p) =>
      `${t.name}/${p.partitionId} isr=[${p.isr.join(",")}] of [${p.replicas.join(",")}]`
    )
  );
}

/** What {@link killBusiestBroker} needs. */
export interface BrokerKillOptions {
  /** An admin connected to every broker of the cluster. */
  readonly admin: Admin;
  readonly cluster: Pick<KafkaCluster, "nodeIds" | "kill" | "restart">;
  /** The topic whose leaders decide the victim (the raw topic: where the load is). */
  readonly topic: string;
  /** How long the broker stays down. */
  readonly downMs: number;
  readonly random: () => number;
  /** How long the restarted broker may take to catch up (default 120 s). */
  readonly syncTimeoutMs?: number;
}

/** What happened, for the log. */
export interface BrokerKill {
  readonly nodeId: number;
  /** Partitions of `topic` the victim led when it was killed. */
  readonly led: number;
  readonly partitions: number;
  /** From the restart until every partition of every topic was fully in sync. */
  readonly syncMs: number;
}

/**
 * SIGKILLs the busiest leader of `topic` (a random node if none leads), waits `downMs`,
 * starts it again, and resolves once every partition of every topic has its full replica
 * set in sync. Fails, listing the lagging partitions, after `syncTimeoutMs`.
 */
export async function killBusiestBroker(options: BrokerKillOptions): Promise<BrokerKill> {
  const { admin, cluster } = options;
  const [meta] = (await admin.fetchTopicMetadata({ topics: [options.topic] })).topics;
  const partitions = meta?.partitions ?? [];
  const nodeId = busiestLeader(partitions, options.random) ??
    cluster.nodeIds[Math.floor(options.random() * cluster.nodeIds.length)]!;
  const led = partitions.filter((p) => p.leader === nodeId).length;
  await cluster.kill(nodeId);
  await new Promise((resolve) => setTimeout(resolve, options.downMs));
  await cluster.restart(nodeId);
  const restarted = Date.now();
  const timeoutMs = options.syncTimeoutMs ?? 120_000;
  let lagging: string[] = ["(no metadata yet)"];
  while (lagging.length > 0) {
    if (Date.now() - restarted > timeoutMs) {
      throw new Error(
        `Kafka node ${nodeId} did not catch up within ${timeoutMs / 1000} s of its restart: ` +
          `${lagging.length} partitions out of sync (${lagging.slice(0, 5).join("; ")}); ` +
          "see logs/server.log in that node's folder (KafkaClusterOptions.stateDir/node-N).",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Every topic, the internal ones too: the group coordinator must be whole again as well.
    lagging = await admin.fetchTopicMetadata().then((m) => outOfSync(m.topics)).catch((e) => [
      `metadata: ${e instanceof Error ? e.message : e}`,
    ]);
  }
  return { nodeId, led, partitions: partitions.length, syncMs: Date.now() - restarted };
}
