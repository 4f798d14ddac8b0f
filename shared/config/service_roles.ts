/** The services' own PostgreSQL roles, and how a service reaches the database as its role. */
import type { DatabaseConfig } from "./settings.ts";

/**
 * The PostgreSQL roles migrations 0003 and 0004 create, one per service, each with the least it
 * needs; `deno task migrate` gives them their login passwords.
 */
export const SERVICE_ROLES = {
  writer: { user: "heartbeat_writer", passwordSetting: "DB_WRITER_PASSWORD" },
  detector: { user: "heartbeat_detector", passwordSetting: "DB_DETECTOR_PASSWORD" },
  dashboard: { user: "heartbeat_dashboard", passwordSetting: "DB_DASHBOARD_PASSWORD" },
  maintainer: { user: "heartbeat_maintainer", passwordSetting: "DB_MAINTAINER_PASSWORD" },
} as const;
/** A service's database role. */
export type ServiceRole = keyof typeof SERVICE_ROLES;

/**
 * The same database reached as a service's own role: `DATABASE_URL` with its user and
 * password replaced by the role's. Services never connect as the migrator.
 */
export function asServiceRole(config: DatabaseConfig, role: ServiceRole): DatabaseConfig {
  const user = SERVICE_ROLES[role].user;
  const password = config.rolePasswords[role];
  const url = new URL(config.url);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  return { ...config, url: url.toString(), user, password };
}
