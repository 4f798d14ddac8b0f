/**
 * Login passwords for the per-service roles that migration 0003 creates without LOGIN.
 * Run by `deno task migrate` (as the migrator, which has CREATEROLE) after the migrations.
 * Role names and passwords reach PostgreSQL as parameters, never spliced into SQL text.
 */
import type { Sql } from "./client.ts";

/** A role and the password it should log in with. */
export interface RoleLogin {
  readonly role: string;
  readonly password: string;
}

/** Gives each role LOGIN and its password (idempotent: the same password again is a no-op). */
export async function provisionRoleLogins(sql: Sql, logins: readonly RoleLogin[]): Promise<void> {
  await sql.begin(async (tx) => {
    for (const { role, password } of logins) {
      // ALTER ROLE takes no bind parameters: pass both through transaction-local settings
      // and let format() quote them inside the server.
      await tx`select set_config('heartbeat.role_name', ${role}, true),
                      set_config('heartbeat.role_password', ${password}, true)`;
      await tx`do $$ begin
        execute format('alter role %I login password %L',
          current_setting('heartbeat.role_name'), current_setting('heartbeat.role_password'));
      end $$`;
    }
  });
}
