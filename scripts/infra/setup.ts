/**
 * The two set-up steps that run against Kafka and PostgreSQL whether the project started
 * them or they are external: create/verify topics, apply migrations.
 */
import {
  type DatabaseConfig,
  type KafkaConfig,
  SERVICE_ROLES,
  type ServiceRole,
  type TopicsConfig,
} from "../../shared/config/mod.ts";
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
  provisionRoleLogins,
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

/**
 * Applies pending migrations from `dir` to the configured database, then gives the service
 * roles their login passwords (DB_WRITER_PASSWORD, DB_DETECTOR_PASSWORD, DB_DASHBOARD_PASSWORD,
 * DB_MAINTAINER_PASSWORD).
 */
export async function setUpDatabase(
  database: DatabaseConfig,
  dir: string,
): Promise<MigrationOutcome[]> {
  const sql = createSql(database, { max: 1, applicationName: "heartbeat-migrate" });
  try {
    await waitForDatabase(sql, database);
    const outcomes = await migrate(sql, await loadMigrations(dir));
    await provisionRoleLogins(
      sql,
      Object.entries(SERVICE_ROLES).map(([key, { user }]) => ({
        role: user,
        password: database.rolePasswords[key as ServiceRole],
      })),
    );
    return outcomes;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
