/** PostgreSQL adapter: pool factory, readiness wait, errors and migrations. */
export {
  createSql,
  DbError,
  DRIVER_ENV_VARS as DB_DRIVER_ENV_VARS,
  isConnectionError,
  redactUrl,
  waitForDatabase,
} from "./client.ts";
export type { DbErrorCode, Sql, SqlOptions, TransactionSql } from "./client.ts";
export { loadMigrations, migrate } from "./migrate.ts";
export type { Migration, MigrationOutcome } from "./migrate.ts";
export { provisionRoleLogins, type RoleLogin } from "./roles.ts";
export {
  type MinuteReadings,
  type PopulationStats,
  populationStats,
  readingsPerMinute,
} from "./rollup_reads.ts";
export {
  advanceCheckpoint,
  applyClaims,
  type CheckpointLock,
  type Claim,
  lockCheckpoint,
  readCheckpoints,
  readGroupProgress,
  recordClaims,
} from "./checkpoint.ts";
