/** PostgreSQL adapter: pool factory, readiness wait, errors and migrations. */
export { createSql, DbError, isConnectionError, redactUrl, waitForDatabase } from "./client.ts";
export type { DbErrorCode, Sql, SqlOptions, TransactionSql } from "./client.ts";
export { loadMigrations, migrate } from "./migrate.ts";
export type { Migration, MigrationOutcome } from "./migrate.ts";
