/**
 * Forward-only SQL migrations: `db/migrations/NNNN_name.sql`, applied in order, once each,
 * each in its own transaction together with its row in `schema_migrations`. Concurrent
 * runners serialise on an advisory lock, so two `infra:up`s cannot apply one file twice.
 * A file changed after it was applied is refused (its checksum no longer matches).
 */
import { DbError, type Sql } from "./client.ts";

/** One migration file. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

/** What a run did with each migration. */
export interface MigrationOutcome {
  readonly version: number;
  readonly name: string;
  readonly action: "applied" | "already-applied";
}

const FILE_PATTERN = /^(\d{4,})_([a-z0-9_]+)\.sql$/;
/** Arbitrary constant key for `pg_advisory_xact_lock`, unique to this project. */
const LOCK_KEY = 727_001;

/** Reads and checks the migration files of a folder, sorted by version. */
export async function loadMigrations(dir: string): Promise<Migration[]> {
  const migrations: Migration[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".sql")) continue;
    const match = FILE_PATTERN.exec(entry.name);
    if (!match) {
      throw new DbError(
        "MIGRATION_FILES_INVALID",
        `Migration file ${dir}/${entry.name} is misnamed: expected NNNN_snake_case_name.sql`,
      );
    }
    const sql = await Deno.readTextFile(`${dir}/${entry.name}`);
    migrations.push({
      version: Number(match[1]),
      name: entry.name,
      sql,
      checksum: await sha256(sql),
    });
  }
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new DbError(
        "MIGRATION_FILES_INVALID",
        `Migrations ${migrations[i - 1]!.name} and ${migrations[i]!.name} share version ${
          migrations[i]!.version
        }: renumber one`,
      );
    }
  }
  return migrations;
}

/** Applies the migrations not yet recorded in `schema_migrations`, in version order. */
export async function migrate(
  sql: Sql,
  migrations: readonly Migration[],
): Promise<MigrationOutcome[]> {
  // Under the lock: concurrent `create table if not exists` can still collide.
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${LOCK_KEY})`;
    await tx`
      create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`;
  });
  const outcomes: MigrationOutcome[] = [];
  for (const migration of migrations) {
    const action = await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${LOCK_KEY})`;
      const [row] = await tx<{ checksum: string }[]>`
        select checksum from schema_migrations where version = ${migration.version}`;
      if (row) {
        if (row.checksum !== migration.checksum) {
          throw new DbError(
            "MIGRATION_CHANGED",
            `Migration ${migration.name} was changed after it was applied (checksum differs). ` +
              "Migrations are forward-only: restore the file and add a new migration instead.",
          );
        }
        return "already-applied" as const;
      }
      try {
        await tx.unsafe(migration.sql);
      } catch (error) {
        throw new DbError(
          "MIGRATION_FAILED",
          `Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`,
          { cause: error },
        );
      }
      await tx`
        insert into schema_migrations (version, name, checksum)
        values (${migration.version}, ${migration.name}, ${migration.checksum})`;
      return "applied" as const;
    });
    outcomes.push({ version: migration.version, name: migration.name, action });
  }
  return outcomes;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
