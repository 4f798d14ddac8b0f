import { HeartbeatError } from "../../shared/errors/mod.ts";

/** Why the local infrastructure could not be started or stopped. */
export type InfraErrorCode =
  | "JAVA_MISSING"
  | "MAVEN_MISSING"
  | "KAFKA_FETCH_FAILED"
  | "PG_BINARIES_MISSING"
  | "PORT_TAKEN"
  | "START_FAILED"
  | "START_TIMEOUT"
  | "STOP_FAILED";

/** A local-infrastructure problem; the message says what to do. */
export class InfraError extends HeartbeatError<InfraErrorCode> {}
