/** What every benchmark step receives: the plan, the stack's clients and settings. */
import type { DatabaseConfig, InfraConfig, KafkaConfig } from "../../shared/config/mod.ts";
import type { Sql } from "../../shared/db/mod.ts";
import type { Admin, Kafka } from "../../shared/kafka/mod.ts";
import type { BenchPlan } from "./plan.ts";

/** A run's shared state. Steps name their topics, groups and tables after `runId`. */
export interface BenchContext {
  readonly plan: BenchPlan;
  /** The repository root (the working directory of `deno task`). */
  readonly root: string;
  /** A short id unique to this run, e.g. `bench-1f3a9c2e`. */
  readonly runId: string;
  readonly kafkaConfig: KafkaConfig;
  readonly database: DatabaseConfig;
  readonly infra: InfraConfig;
  readonly kafka: Kafka;
  readonly admin: Admin;
  /** The migrator's pool (DATABASE_URL): reads progress, creates scratch tables. */
  readonly sql: Sql;
  /** A folder for the run's scratch files (payload file), removed at the end. */
  readonly scratchDir: string;
  /** Progress lines for the terminal. */
  readonly log: (line: string) => void;
}
