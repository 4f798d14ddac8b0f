/**
 * The two set-up steps that run against Kafka and PostgreSQL whether the project started
 * them or they are external: create/verify topics, apply migrations.
 */
import type { DatabaseConfig, KafkaConfig, TopicsConfig } from "../../shared/config/mod.ts";
import {
  connectAdmin,
  createKafka,
  ensureTopics,
  specTopics,
  type TopicOutcome,
} from "../../shared/kafka/mod.ts";
import {
  createSql,
  loadMigrations,
  migrate,
  type MigrationOutcome,
  waitForDatabase,
} from "../../shared/db/mod.ts";

/** Creates missing topics and verifies the rest (see `ensureTopics`). */
export async function setUpTopics(
  kafka: KafkaConfig,
  topics: TopicsConfig,
): Promise<TopicOutcome[]> {
  const admin = await connectAdmin(createKafka(kafka), kafka);
  try {
    return await ensureTopics(admin, specTopics(topics));
  } finally {
    await admin.disconnect();
  }
}

/** Applies pending migrations from `dir` to the configured database. */
export async function setUpDatabase(
  database: DatabaseConfig,
  dir: string,
): Promise<MigrationOutcome[]> {
  const sql = createSql(database, { max: 1, applicationName: "heartbeat-migrate" });
  try {
    await waitForDatabase(sql, database);
    return await migrate(sql, await loadMigrations(dir));
  } finally {
    await sql.end({ timeout: 5 });
  }
}
