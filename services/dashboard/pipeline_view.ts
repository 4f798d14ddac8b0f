/**
 * The pipeline view (a focused stand-in for Kafka UI): each topic's partitions with their
 * log start and end offsets, both consumer groups' progress and lag per partition, and the
 * invalid/DLQ counts by reason.
 *
 * Lag is counted against PostgreSQL, not Kafka: the writer and the detector commit their
 * progress (`ingest_checkpoint.next_offset`) in the same transaction as their rows, and
 * commit to Kafka only later, as a hint. So per partition, lag = end offset − checkpoint
 * (the log start when there is no checkpoint, or when retention deleted records below it),
 * never negative — the same rule `/readyz` applies (`shared/service/health_probe.ts`).
 */
import type { TopicsConfig } from "../../shared/config/mod.ts";
import type { Sql } from "../../shared/db/mod.ts";
import type { KafkaReader, PartitionOffsets } from "./kafka_reader.ts";
import {
  type CheckpointRow,
  checkpoints,
  type RoutedCounts,
  routedCounts,
  routedReasons,
} from "./queries.ts";

/** The writer's and the detector's consumer group ids. */
export interface ConsumerGroups {
  readonly writer: string;
  readonly detector: string;
}

/** One partition of a group: where the broker ends, where the group is, and the difference. */
export interface PartitionLag {
  readonly partition: number;
  readonly endOffset: number;
  /** The checkpoint's next offset in PostgreSQL; null before the group stored anything. */
  readonly checkpoint: number | null;
  readonly checkpointUpdatedAt: Date | null;
  /** What the group committed to Kafka (a hint); null when it has not. */
  readonly kafkaCommitted: number | null;
  readonly lag: number;
}

/** Per-partition lag of one group (see the module doc for the rule). */
export function partitionLags(
  offsets: readonly PartitionOffsets[],
  stored: readonly CheckpointRow[],
  committed: ReadonlyMap<number, bigint> = new Map(),
): PartitionLag[] {
  const byPartition = new Map(stored.map((row) => [row.partition, row]));
  return offsets.map(({ partition, low, high }) => {
    const checkpoint = byPartition.get(partition);
    const from = checkpoint === undefined || checkpoint.nextOffset < low
      ? low
      : checkpoint.nextOffset;
    const hint = committed.get(partition);
    return {
      partition,
      endOffset: Number(high),
      checkpoint: checkpoint === undefined ? null : Number(checkpoint.nextOffset),
      checkpointUpdatedAt: checkpoint?.updatedAt ?? null,
      kafkaCommitted: hint === undefined ? null : Number(hint),
      lag: high > from ? Number(high - from) : 0,
    };
  });
}

/** The summed lag of each group on the raw topic. */
export function totalLags(
  offsets: readonly PartitionOffsets[],
  stored: readonly CheckpointRow[],
  groups: ConsumerGroups,
): { writer: number; detector: number } {
  const total = (group: string) =>
    partitionLags(offsets, stored.filter((row) => row.group === group))
      .reduce((sum, p) => sum + p.lag, 0);
  return { writer: total(groups.writer), detector: total(groups.detector) };
}

/** A topic as the pipeline view shows it. */
export interface TopicView {
  readonly role: keyof TopicsConfig;
  readonly name: string;
  readonly exists: boolean;
  readonly records: number;
  readonly partitions: { partition: number; logStart: number; endOffset: number }[];
}

/** The pipeline view's JSON. */
export interface PipelineView {
  readonly generatedAt: Date;
  readonly topics: TopicView[];
  readonly groups: {
    role: keyof ConsumerGroups;
    group: string;
    topic: string;
    totalLag: number;
    partitions: PartitionLag[];
  }[];
  readonly routed: {
    counts: RoutedCounts[];
    reasonsLastHour: { destination: string; reasonCode: string; count: number }[];
  };
}

/** What {@link loadPipelineView} reads. */
export interface PipelineViewDeps {
  readonly sql: Sql;
  readonly kafka: KafkaReader;
  readonly topics: TopicsConfig;
  readonly groups: ConsumerGroups;
  readonly now: () => Date;
}

/** Reads topics, progress and routing counts (Kafka and PostgreSQL concurrently). */
export async function loadPipelineView(deps: PipelineViewDeps): Promise<PipelineView> {
  const now = deps.now();
  const { raw } = deps.topics;
  const roles = Object.keys(deps.topics) as (keyof TopicsConfig)[];
  const groupRoles = Object.keys(deps.groups) as (keyof ConsumerGroups)[];
  const [existing, stored, counts, reasons, committed] = await Promise.all([
    deps.kafka.listTopics().then((names) => new Set(names)),
    checkpoints(deps.sql, Object.values(deps.groups), raw),
    routedCounts(deps.sql, deps.groups.writer, now),
    routedReasons(deps.sql, deps.groups.writer, {
      from: new Date(now.getTime() - 3_600_000),
      to: now,
    }),
    Promise.all(groupRoles.map((role) => deps.kafka.committedOffsets(deps.groups[role], raw))),
  ]);
  const offsets = new Map<string, PartitionOffsets[]>();
  await Promise.all(
    roles.filter((role) => existing.has(deps.topics[role])).map(async (role) => {
      offsets.set(deps.topics[role], await deps.kafka.topicOffsets(deps.topics[role]));
    }),
  );
  const topics = roles.map((role): TopicView => {
    const name = deps.topics[role];
    const partitions = (offsets.get(name) ?? []).map(({ partition, low, high }) => ({
      partition,
      logStart: Number(low),
      endOffset: Number(high),
    }));
    const records = partitions.reduce((sum, p) => sum + p.endOffset - p.logStart, 0);
    return { role, name, exists: offsets.has(name), records, partitions };
  });
  const groups = groupRoles.map((role, index) => {
    const group = deps.groups[role];
    const partitions = partitionLags(
      offsets.get(raw) ?? [],
      stored.filter((row) => row.group === group),
      committed[index],
    );
    const totalLag = partitions.reduce((sum, p) => sum + p.lag, 0);
    return { role, group, topic: raw, totalLag, partitions };
  });
  return { generatedAt: now, topics, groups, routed: { counts, reasonsLastHour: reasons } };
}
