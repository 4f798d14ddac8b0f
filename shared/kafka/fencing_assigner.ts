/**
 * A partition assigner that makes ownership visible to the database. It computes the same
 * round-robin assignment as kafkajs's default, then — before returning it, so before any
 * member learns its partitions — records every (partition → member) claim under a fresh
 * epoch (see `recordClaims` in shared/db). Writers refuse to write a partition their
 * member does not own, which fences a member that lost a partition while paused.
 *
 * All members of a group must use it (kafkajs only assigns with a protocol every member
 * supports); its name differs from the default's so a mixed group fails loudly.
 */
import { AssignerProtocol, PartitionAssigners } from "./client.ts";
import type { PartitionAssigner } from "./client.ts";

/** One claim: a partition and the member it is assigned to. */
export interface PartitionClaim {
  readonly topic: string;
  readonly partition: number;
  readonly member: string;
}

/** Stores a rebalance's claims; must finish before the assignment is handed out. */
export type ClaimRecorder = (claims: PartitionClaim[]) => Promise<void>;

/** Builds the assigner for `consumer({ partitionAssigners: [fencingAssigner(record)] })`. */
export function fencingAssigner(record: ClaimRecorder): PartitionAssigner {
  return (config) => {
    const roundRobin = PartitionAssigners.roundRobin(config);
    return {
      name: "HeartbeatFencingAssigner",
      version: 1,
      protocol: roundRobin.protocol,
      async assign(group) {
        const assignment = await roundRobin.assign(group);
        const claims: PartitionClaim[] = [];
        for (const { memberId, memberAssignment } of assignment) {
          const decoded = AssignerProtocol.MemberAssignment.decode(memberAssignment);
          for (const [topic, partitions] of Object.entries(decoded?.assignment ?? {})) {
            for (const partition of partitions) claims.push({ topic, partition, member: memberId });
          }
        }
        await record(claims);
        return assignment;
      },
    };
  };
}
