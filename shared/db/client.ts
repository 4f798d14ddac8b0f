/**
 * The one module that imports the PostgreSQL driver (postgres.js, `npm:postgres`; see
 * docs/decisions.md for why not `jsr:@db/postgres`). Everything else receives a `Sql`.
 */
import postgres from "postgres";
import { describeCause, HeartbeatError } from "../errors/mod.ts";
import type { DatabaseConfig } from "../config/mod.ts";
import { silenceNegativeTimeoutWarning } from "../runtime/node_warnings.ts";

/** Why a database operation failed. */
export type DbErrorCode =
  | "DB_UNREACHABLE"
  | "MIGRATION_FAILED"
  | "MIGRATION_CHANGED"
  | "MIGRATION_FILES_INVALID";

/** A database problem, with what to do about it in the message. */
export class DbError extends HeartbeatError<DbErrorCode> {}

/**
 * Environment variables postgres.js reads by itself (libpq-style defaults for every option
 * not passed explicitly, and PGAPPNAME always). A service run with a narrow
 * `--allow-env=…` must allow them, or the driver dies with NotCapable.
 */
export const DRIVER_ENV_VARS = [
  "PGAPPNAME",
  "PGTARGETSESSIONATTRS",
  "PGSSL",
  "PGMAX",
  "PGIDLE_TIMEOUT",
  "PGCONNECT_TIMEOUT",
  "PGMAX_LIFETIME",
  "PGMAX_PIPELINE",
  "PGBACKOFF",
  "PGKEEP_ALIVE",
  "PGPREPARE",
  "PGDEBUG",
  "PGFETCH_TYPES",
  "PGPUBLICATIONS",
  "PGTARGET_SESSION_ATTRS",
] as const;

/** A postgres.js connection pool. */
export type Sql = postgres.Sql;
/** A transaction handle inside `sql.begin`. */
export type TransactionSql = postgres.TransactionSql;

/** Options for {@link createSql}. */
export interface SqlOptions {
  /** Pool size; defaults to the config's `DB_POOL_MAX`. */
  readonly max?: number;
  /** Application name shown in `pg_stat_activity`. */
  readonly applicationName?: string;
  /** Schema search path, e.g. to isolate a test in a schema of its own. */
  readonly searchPath?: string;
}

/**
 * Opens a connection pool (connections are made lazily, on the first query). Server
 * notices are dropped rather than printed (migrations raise harmless ones).
 */
export function createSql(config: DatabaseConfig, options: SqlOptions = {}): Sql {
  silenceNegativeTimeoutWarning();
  return postgres(config.url, {
    max: options.max ?? config.poolMax,
    connect_timeout: config.connectTimeoutS,
    // libpq's sslmode names; certificates are checked against the system store plus
    // DENO_CERT (a CA bundle Deno adds to it) for verify-full.
    ssl: config.sslMode === "disable" ? false : config.sslMode,
    idle_timeout: 30,
    onnotice: () => {},
    connection: {
      application_name: options.applicationName ?? "heartbeat",
      ...(options.searchPath ? { search_path: options.searchPath } : {}),
    },
  });
}

/**
 * Runs `select 1` with `DB_CONNECT_RETRIES` retries and exponential backoff (500 ms, ×2), so a service
 * started next to a database that is still booting waits for it; after the last attempt
 * the error names `DATABASE_URL` and says what to do.
 */
export async function waitForDatabase(sql: Sql, config: DatabaseConfig): Promise<void> {
  const attempts = config.connectRetries + 1;
  let delay = 500;
  for (let attempt = 1;; attempt++) {
    try {
      await sql`select 1`;
      return;
    } catch (error) {
      if (attempt >= attempts || !isConnectionError(error)) {
        throw new DbError(
          "DB_UNREACHABLE",
          `Cannot use PostgreSQL at DATABASE_URL=${redactUrl(config.url)} after ${attempt} ` +
            `attempt(s) (${describeCause(error)}). Start the local database with ` +
            "`deno task infra:up`, or fix DATABASE_URL.",
          { retriable: isConnectionError(error), cause: error },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
}

const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);

/**
 * True for errors that mean "the database is not there (now)" rather than "the query or the
 * data was wrong": socket errors, postgres.js connection states, SQLSTATE class 08
 * (connection exception) and 57P01–57P03 (server shutting down, crash recovery, not
 * accepting connections yet).
 */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== "string") return false;
  return CONNECTION_ERROR_CODES.has(code) || code.startsWith("08") || /^57P0[1-3]$/.test(code);
}

/** The URL with its password replaced by `***`, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
