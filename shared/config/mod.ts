/**
 * Configuration: parse the environment once, at the entry point, into a resolved object.
 * Nothing else in the project reads the environment.
 */
export { ConfigError, type EnvSource, loadConfig, processEnv } from "./load.ts";
export type { ConfigErrorCode, ConfigSection } from "./load.ts";
export { parseHostPort } from "./_fields.ts";
export * as sections from "./settings.ts";
export { asServiceRole, SERVICE_ROLES, type ServiceRole } from "./service_roles.ts";
export type {
  AlertConfig,
  AnomalyConfig,
  ConsumerConfig,
  DashboardConfig,
  DatabaseConfig,
  DetectorConfig,
  InfraConfig,
  KafkaConfig,
  NotifierConfig,
  ProducerConfig,
  ServiceConfig,
  StorageConfig,
  TopicsConfig,
  ValidationConfig,
} from "./settings.ts";
