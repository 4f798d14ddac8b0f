/**
 * The one module that imports kafkajs. Everything else talks to Kafka through the small
 * interfaces exported here, so the client could be swapped (see docs/decisions.md) by
 * changing this file alone.
 */
import {
  type Admin,
  Kafka,
  type KafkaConfig as KafkaJsConfig,
  logLevel,
  type SASLOptions,
} from "kafkajs";
import { describeCause, HeartbeatError } from "../errors/mod.ts";
import type { KafkaConfig } from "../config/mod.ts";
import { silenceNegativeTimeoutWarning } from "../runtime/node_warnings.ts";

/**
 * Environment variables kafkajs reads by itself (NODE_ENV at import time). A service run
 * with a narrow `--allow-env=…` must allow them, or it dies with NotCapable before main.
 */
export const DRIVER_ENV_VARS = [
  "NODE_ENV",
  "KAFKAJS_LOG_LEVEL",
  "KAFKAJS_NO_PARTITIONER_WARNING",
  "KAFKAJS_DEBUG_PROTOCOL_BUFFERS",
  "KAFKAJS_DEBUG_EXTENDED_PROTOCOL_BUFFERS",
] as const;

/** Why talking to Kafka failed. */
export type KafkaErrorCode = "KAFKA_UNREACHABLE" | "TOPIC_MISMATCH" | "KAFKA_REQUEST_FAILED";

/** A Kafka problem, with what to do about it in the message. */
export class KafkaError extends HeartbeatError<KafkaErrorCode> {}

/** Log sink for client messages (kafkajs logs only warnings and errors through it). */
export type KafkaLogSink = (level: "error" | "warn", message: string, extra: object) => void;

/**
 * Builds a kafkajs client from resolved config. Connection attempts back off exponentially
 * (kafkajs `retry`: 300 ms initial, ×2, `connectRetries` times). By default the client's
 * own logging is silenced; pass `log` to route warnings and errors to a structured logger.
 */
export function createKafka(config: KafkaConfig, log?: KafkaLogSink): Kafka {
  silenceNegativeTimeoutWarning();
  return new Kafka(kafkaClientOptions(config, log));
}

/** The kafkajs client options for a resolved config (TLS and SASL included when set). */
export function kafkaClientOptions(config: KafkaConfig, log?: KafkaLogSink): KafkaJsConfig {
  return {
    clientId: config.clientId,
    brokers: config.brokers,
    ...(config.ssl ? { ssl: true } : {}),
    ...(config.sasl ? { sasl: saslOptions(config.sasl) } : {}),
    connectionTimeout: config.connectTimeoutMs,
    requestTimeout: Math.max(30_000, config.connectTimeoutMs),
    retry: { retries: config.connectRetries, initialRetryTime: 300, multiplier: 2 },
    logLevel: log ? logLevel.WARN : logLevel.NOTHING,
    logCreator: () => ({ level, log: entry }) => {
      if (!log) return;
      const { message, ...extra } = entry;
      log(level === logLevel.ERROR ? "error" : "warn", message, extra);
    },
  };
}

/** kafkajs's SASL options, one literal per mechanism (its type is a discriminated union). */
function saslOptions(sasl: NonNullable<KafkaConfig["sasl"]>): SASLOptions {
  const { username, password } = sasl;
  switch (sasl.mechanism) {
    case "plain":
      return { mechanism: "plain", username, password };
    case "scram-sha-256":
      return { mechanism: "scram-sha-256", username, password };
    case "scram-sha-512":
      return { mechanism: "scram-sha-512", username, password };
  }
}

/**
 * Connects an admin client and checks the cluster answers; a broker that cannot be reached
 * after the configured retries becomes one `KAFKA_UNREACHABLE` error naming the setting.
 */
export async function connectAdmin(kafka: Kafka, config: KafkaConfig): Promise<Admin> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return admin;
  } catch (error) {
    await admin.disconnect().catch(() => {});
    throw unreachable(config, error);
  }
}

/** The error for a broker that cannot be reached, naming the setting to check. */
export function unreachable(config: KafkaConfig, cause: unknown): KafkaError {
  return new KafkaError(
    "KAFKA_UNREACHABLE",
    `Cannot reach Kafka at KAFKA_BOOTSTRAP_SERVERS=${config.brokers.join(",")} ` +
      `after ${config.connectRetries + 1} attempts (${describeCause(rootCause(cause))}). ` +
      "Start the local broker with `deno task infra:up`, or fix KAFKA_BOOTSTRAP_SERVERS.",
    { retriable: true, cause },
  );
}

function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    const next = current as { cause?: unknown; originalError?: unknown } | undefined;
    const inner = next?.originalError ?? next?.cause;
    if (!inner) break;
    current = inner;
  }
  return current;
}

export { AssignerProtocol, PartitionAssigners, Partitioners } from "kafkajs";
export type {
  Admin,
  Consumer,
  EachBatchPayload,
  Kafka,
  Message,
  PartitionAssigner,
  PartitionMetadata,
  Producer,
} from "kafkajs";
