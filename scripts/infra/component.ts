/** The shape shared by Kafka, PostgreSQL and Prometheus in the local stack. */

/** What `status()` found. */
export interface ComponentStatus {
  /**
   * healthy: ours and answering; starting/unhealthy: ours but not answering; stopped: not
   * running; external: configured to live elsewhere (not managed); missing: not installed.
   */
  readonly state: "healthy" | "unhealthy" | "stopped" | "external" | "missing" | "disabled";
  readonly pid?: number;
  readonly detail?: string;
}

/** One part of the local stack. */
export interface Component {
  readonly name: string;
  /** Where clients reach it, e.g. `127.0.0.1:19092`. */
  readonly address: string;
  /** Where its log is, for the status table and error messages. */
  readonly logFile: string;
  status(): Promise<ComponentStatus>;
  /** Starts it unless it is already running; says which. */
  start(): Promise<"started" | "already running" | "external" | "missing" | "disabled">;
  /** Stops it if it runs; says which. Frees its ports before returning. */
  stop(): Promise<"stopped" | "not running" | "external" | "missing" | "disabled">;
}
