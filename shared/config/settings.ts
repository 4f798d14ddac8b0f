/**
 * Every environment setting the project reads, grouped in sections. Defaults here equal
 * the values in `.env.example` (a test keeps the two in step). Entry points pick the
 * sections they need with `loadConfig({ kafka, database })`.
 */
import { z } from "zod";
import { flag, hostPortList, integer, port, postgresUrl } from "./_fields.ts";
import { LOG_LEVELS } from "../observability/logger.ts";
import { ConfigError, defineSection } from "./load.ts";
import type { ServiceRole } from "./service_roles.ts";
import {
  HISTORY_SECONDS,
  MAX_EXTREME_RUN_S,
  MAX_FLAP_CYCLES,
  MAX_FLAP_WINDOW_S,
  MAX_REORDER_TOLERANCE_S,
} from "../alerts/limits.ts";

/** SASL mechanisms the Kafka client supports (kafkajs's names). */
const SASL_MECHANISMS = ["plain", "scram-sha-256", "scram-sha-512"] as const;

/**
 * Kafka connection settings. TLS (`KAFKA_SSL`) checks the broker's certificate against the
 * system store plus `DENO_CERT`; SASL credentials are sent only when a mechanism is set.
 */
export const kafka = defineSection({
  KAFKA_BOOTSTRAP_SERVERS: hostPortList.default(["127.0.0.1:19092"]),
  KAFKA_CLIENT_ID: z.string().trim().regex(/^[A-Za-z0-9._-]+$/, "expected letters, digits, . _ -")
    .default("heartbeat"),
  KAFKA_CONNECT_TIMEOUT_MS: integer(100, 600_000).default(3000),
  KAFKA_CONNECT_RETRIES: integer(0, 100).default(5),
  KAFKA_SSL: flag.default(false),
  KAFKA_SASL_MECHANISM: z.enum(SASL_MECHANISMS).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
}, (v) => {
  const mechanism = v.KAFKA_SASL_MECHANISM;
  const { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = v;
  if (mechanism === undefined && (username !== undefined || password !== undefined)) {
    throw new ConfigError(
      "CONFIG_INVALID",
      `KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD are set but KAFKA_SASL_MECHANISM is not: set it to one of ${
        SASL_MECHANISMS.join(", ")
      }`,
    );
  }
  if (mechanism !== undefined && (username === undefined || password === undefined)) {
    throw new ConfigError(
      "CONFIG_INVALID",
      `KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`,
    );
  }
  return {
    brokers: v.KAFKA_BOOTSTRAP_SERVERS,
    clientId: v.KAFKA_CLIENT_ID,
    connectTimeoutMs: v.KAFKA_CONNECT_TIMEOUT_MS,
    connectRetries: v.KAFKA_CONNECT_RETRIES,
    ssl: v.KAFKA_SSL,
    sasl: mechanism === undefined ? undefined : {
      mechanism,
      username: username!,
      password: password!,
    },
  };
});
export type KafkaConfig = ReturnType<typeof kafka.resolve>;

const topicName = z.string().trim().regex(
  /^[A-Za-z0-9._-]{1,249}$/,
  "expected a Kafka topic name (letters, digits, . _ -; at most 249)",
);

/** Topic names (the spec's names by default; tests give their own to stay isolated). */
export const topics = defineSection(
  {
    TOPIC_RAW: topicName.default("events.raw.v1"),
    TOPIC_INVALID: topicName.default("events.invalid.v1"),
    TOPIC_ANOMALY: topicName.default("events.anomaly.v1"),
    TOPIC_DLQ: topicName.default("events.dlq.v1"),
    /** Alert transitions (shared/contract/alert_event.ts), keyed by customer_id. */
    TOPIC_ALERTS: topicName.default("alerts.v1"),
  },
  (v) => ({
    raw: v.TOPIC_RAW,
    invalid: v.TOPIC_INVALID,
    anomaly: v.TOPIC_ANOMALY,
    dlq: v.TOPIC_DLQ,
    alerts: v.TOPIC_ALERTS,
  }),
);
export type TopicsConfig = ReturnType<typeof topics.resolve>;

/** The password of the local stack, marked as such everywhere; production refuses it. */
const LOCAL_ONLY_PASSWORD = "heartbeat_local_only";

/** `sslmode` values postgres.js understands (libpq's names). */
const SSL_MODES = ["disable", "prefer", "require", "verify-full"] as const;

/**
 * PostgreSQL: `DATABASE_URL` when set, otherwise built from the `POSTGRES_*` parts (the
 * names the official PostgreSQL image uses too). Its user is the migrator (owner of the
 * schema); the services connect as their own roles (see `asServiceRole`).
 */
export const database = defineSection({
  DATABASE_URL: postgresUrl.optional(),
  POSTGRES_HOST: z.string().trim().default("127.0.0.1"),
  POSTGRES_PORT: port.default(55432),
  POSTGRES_DB: z.string().trim().default("heartbeat"),
  POSTGRES_USER: z.string().trim().default("heartbeat_user"),
  POSTGRES_PASSWORD: z.string().default(LOCAL_ONLY_PASSWORD),
  DB_WRITER_PASSWORD: z.string().default(LOCAL_ONLY_PASSWORD),
  DB_DETECTOR_PASSWORD: z.string().default(LOCAL_ONLY_PASSWORD),
  DB_DASHBOARD_PASSWORD: z.string().default(LOCAL_ONLY_PASSWORD),
  DB_MAINTAINER_PASSWORD: z.string().default(LOCAL_ONLY_PASSWORD),
  DB_SSLMODE: z.enum(SSL_MODES).optional(),
  DB_CONNECT_TIMEOUT_S: integer(1, 600).default(5),
  DB_CONNECT_RETRIES: integer(0, 100).default(4),
  DB_POOL_MAX: integer(1, 100).default(4),
  HEARTBEAT_ENV: z.enum(["development", "production"]).default("development"),
}, (v) => {
  const url = v.DATABASE_URL ??
    `postgres://${encodeURIComponent(v.POSTGRES_USER)}:${encodeURIComponent(v.POSTGRES_PASSWORD)}` +
      `@${v.POSTGRES_HOST}:${v.POSTGRES_PORT}/${encodeURIComponent(v.POSTGRES_DB)}`;
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  const sslMode = v.DB_SSLMODE ?? sslModeOf(parsed);
  const passwords: Record<string, string> = {
    DATABASE_URL: password,
    DB_WRITER_PASSWORD: v.DB_WRITER_PASSWORD,
    DB_DETECTOR_PASSWORD: v.DB_DETECTOR_PASSWORD,
    DB_DASHBOARD_PASSWORD: v.DB_DASHBOARD_PASSWORD,
    DB_MAINTAINER_PASSWORD: v.DB_MAINTAINER_PASSWORD,
  };
  if (v.HEARTBEAT_ENV === "production") {
    const refused = Object.entries(passwords)
      .filter(([, value]) => value === "" || value === LOCAL_ONLY_PASSWORD)
      .map(([setting, value]) =>
        `${setting} (${value === "" ? "empty" : "the local-only placeholder"})`
      );
    if (refused.length > 0) {
      throw new ConfigError(
        "CONFIG_INVALID",
        `HEARTBEAT_ENV=production refuses these database passwords: ${
          refused.join(", ")
        }; set real ones`,
      );
    }
    if (sslMode === "disable" && !LOOPBACK_HOSTS.has(parsed.hostname)) {
      throw new ConfigError(
        "CONFIG_INVALID",
        `HEARTBEAT_ENV=production refuses DB_SSLMODE=disable for the non-loopback host ${parsed.hostname}; set DB_SSLMODE=verify-full (or require)`,
      );
    }
  }
  return {
    url,
    host: parsed.hostname.replace(/^\[|\]$/g, ""),
    port: parsed.port === "" ? 5432 : Number(parsed.port),
    database: decodeURIComponent(parsed.pathname.slice(1)),
    user: decodeURIComponent(parsed.username),
    password,
    sslMode,
    rolePasswords: {
      writer: v.DB_WRITER_PASSWORD,
      detector: v.DB_DETECTOR_PASSWORD,
      dashboard: v.DB_DASHBOARD_PASSWORD,
      maintainer: v.DB_MAINTAINER_PASSWORD,
    } satisfies Record<ServiceRole, string>,
    connectTimeoutS: v.DB_CONNECT_TIMEOUT_S,
    connectRetries: v.DB_CONNECT_RETRIES,
    poolMax: v.DB_POOL_MAX,
  };
});
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** `?sslmode=` of a URL when it is one postgres.js understands; `disable` when absent. */
function sslModeOf(url: URL): typeof SSL_MODES[number] {
  const given = url.searchParams.get("sslmode");
  if (given === null) return "disable";
  const known = SSL_MODES.find((mode) => mode === given);
  if (!known) {
    throw new ConfigError(
      "CONFIG_INVALID",
      `DATABASE_URL has sslmode=${given}: expected one of ${SSL_MODES.join(", ")}`,
    );
  }
  return known;
}

export type DatabaseConfig = ReturnType<typeof database.resolve>;

/**
 * The local stack that `deno task infra:up` runs (not read by the services). Kafka and
 * PostgreSQL listen where `KAFKA_BOOTSTRAP_SERVERS` and `DATABASE_URL` point when those are
 * loopback addresses; otherwise they are treated as external and only set up (topics,
 * migrations), not started.
 */
export const infra = defineSection({
  INFRA_STATE_DIR: z.string().trim().default(".cache/infra/dev"),
  INFRA_CACHE_DIR: z.string().trim().default(".cache"),
  INFRA_START_TIMEOUT_S: integer(5, 900).default(90),
  KAFKA_VERSION: z.string().trim().regex(/^\d+\.\d+\.\d+$/, "expected a version like 4.3.1")
    .default("4.3.1"),
  KAFKA_CONTROLLER_PORT: port.optional(),
  KAFKA_HEAP: z.string().trim().regex(/^\d+[mg]$/, "expected a heap size like 512m or 1g")
    .default("512m"),
  PROMETHEUS_ENABLED: flag.default(true),
  PROMETHEUS_PORT: port.default(9090),
  PROMETHEUS_CONFIG: z.string().trim().default("monitoring/prometheus/prometheus.yml"),
  PG_BIN_DIR: z.string().trim().optional(),
  PG_OS_USER: z.string().trim().regex(/^[a-z_][a-z0-9_-]*$/, "expected a Unix user name")
    .optional(),
}, (v) => {
  if (v.PROMETHEUS_PORT === v.KAFKA_CONTROLLER_PORT) {
    throw new ConfigError("CONFIG_INVALID", "PROMETHEUS_PORT and KAFKA_CONTROLLER_PORT are equal");
  }
  return {
    stateDir: v.INFRA_STATE_DIR,
    cacheDir: v.INFRA_CACHE_DIR,
    startTimeoutMs: v.INFRA_START_TIMEOUT_S * 1000,
    kafkaVersion: v.KAFKA_VERSION,
    kafkaControllerPort: v.KAFKA_CONTROLLER_PORT,
    kafkaHeap: v.KAFKA_HEAP,
    prometheusEnabled: v.PROMETHEUS_ENABLED,
    prometheusPort: v.PROMETHEUS_PORT,
    prometheusConfig: v.PROMETHEUS_CONFIG,
    pgBinDir: v.PG_BIN_DIR,
    pgOsUser: v.PG_OS_USER,
  };
});
export type InfraConfig = ReturnType<typeof infra.resolve>;

/**
 * What makes a reading valid (the consumer and the detector apply the same rules).
 * Late readings are normal (a device syncs after hours offline), so the age limit is days.
 */
export const validation = defineSection({
  HEART_RATE_MIN: integer(0, 400).default(20),
  HEART_RATE_MAX: integer(1, 1000).default(250),
  EVENT_TIME_MAX_AGE_H: integer(1, 24 * 366).default(24 * 30),
  EVENT_TIME_MAX_FUTURE_S: integer(0, 86_400).default(300),
  MAX_MESSAGE_BYTES: integer(256, 10_000_000).default(65_536),
}, (v) => {
  if (v.HEART_RATE_MIN >= v.HEART_RATE_MAX) {
    throw new ConfigError(
      "CONFIG_INVALID",
      `HEART_RATE_MIN (${v.HEART_RATE_MIN}) must be below HEART_RATE_MAX (${v.HEART_RATE_MAX})`,
    );
  }
  return {
    heartRateMin: v.HEART_RATE_MIN,
    heartRateMax: v.HEART_RATE_MAX,
    maxAgeMs: v.EVENT_TIME_MAX_AGE_H * 3_600_000,
    maxFutureMs: v.EVENT_TIME_MAX_FUTURE_S * 1000,
    maxMessageBytes: v.MAX_MESSAGE_BYTES,
  };
});
export type ValidationConfig = ReturnType<typeof validation.resolve>;

/** The spec's per-reading anomaly rules (names kept from the original design). */
export const anomaly = defineSection({
  ANOMALY_LOW_THRESHOLD: integer(0, 400).default(50),
  ANOMALY_HIGH_THRESHOLD: integer(1, 1000).default(140),
  ANOMALY_SPIKE_DELTA: integer(1, 1000).default(30),
}, (v) => {
  if (v.ANOMALY_LOW_THRESHOLD >= v.ANOMALY_HIGH_THRESHOLD) {
    throw new ConfigError(
      "CONFIG_INVALID",
      `ANOMALY_LOW_THRESHOLD (${v.ANOMALY_LOW_THRESHOLD}) must be below ANOMALY_HIGH_THRESHOLD (${v.ANOMALY_HIGH_THRESHOLD})`,
    );
  }
  return {
    lowThreshold: v.ANOMALY_LOW_THRESHOLD,
    highThreshold: v.ANOMALY_HIGH_THRESHOLD,
    spikeDelta: v.ANOMALY_SPIKE_DELTA,
  };
});
export type AnomalyConfig = ReturnType<typeof anomaly.resolve>;

/**
 * The alert engine (`shared/alerts`, issue #8): episodes of a rule instead of one finding
 * per reading. LOW/HIGH and SPIKE read the same ANOMALY_* variables as the per-reading
 * rules, so the two layers can never disagree on a threshold. The comment above each
 * ALERT_* setting is its rationale (docs/detection.md quotes them).
 */
const alertFields = {
  ANOMALY_LOW_THRESHOLD: anomaly.env.shape.ANOMALY_LOW_THRESHOLD,
  ANOMALY_HIGH_THRESHOLD: anomaly.env.shape.ANOMALY_HIGH_THRESHOLD,
  ANOMALY_SPIKE_DELTA: anomaly.env.shape.ANOMALY_SPIKE_DELTA,
  // Out-of-order readings within 3 s are put back in event order (retries and phone batching reorder by 1-2 s); each second delays LOW/HIGH/SPIKE/IRREGULAR by one, never EXTREME.
  ALERT_REORDER_TOLERANCE_S: integer(0, MAX_REORDER_TOLERANCE_S).default(3),
  // LOW/HIGH look at the last 10 s: a 1-2 s dip from an ectopic beat or a motion artifact cannot open them, and a real episode alerts within ~10 s.
  ALERT_WINDOW_S: integer(2, HISTORY_SECONDS).default(10),
  // Of those seconds, 8 must be beyond the threshold ("most of the window"), so two dropouts or stray normal seconds do not hide a real episode.
  ALERT_WINDOW_MIN_S: integer(1, HISTORY_SECONDS).default(8),
  // LOW resolves only above 55 bpm: 5 bpm of hysteresis, so a rate hovering around 50 (MIT-BIH record 123) gives a few alerts, not one per crossing.
  ALERT_LOW_CLOSE_BPM: integer(1, 400).default(55),
  // HIGH resolves only below 130 bpm: 10 bpm of hysteresis, as a fast rate settles slowly and wanders while it does.
  ALERT_HIGH_CLOSE_BPM: integer(1, 1000).default(130),
  // LOW/HIGH/EXTREME resolve after 10 consecutive readings on the safe side of their close threshold; seconds without readings neither count nor reset.
  ALERT_CLOSE_S: integer(1, 255).default(10),
  // At or below 40 bpm is critical bradycardia (escape rhythms, heart block: records 207, 232), paged at once.
  ALERT_EXTREME_LOW_BPM: integer(1, 400).default(40),
  // At or above 160 bpm is critical tachycardia (SVT and VT runs: records 205, 207, 209), paged at once.
  ALERT_EXTREME_HIGH_BPM: integer(1, 1000).default(160),
  // EXTREME_LOW resolves only above 45 bpm, so a rate wavering around 40 stays one critical alert.
  ALERT_EXTREME_LOW_CLOSE_BPM: integer(1, 400).default(45),
  // EXTREME_HIGH resolves only below 150 bpm, so a rate wavering around 160 stays one critical alert.
  ALERT_EXTREME_HIGH_CLOSE_BPM: integer(1, 1000).default(150),
  // EXTREME needs 3 consecutive extreme seconds: one or two are usually an artifact or an ectopic beat, three still page within ~3 s of the episode's start.
  ALERT_EXTREME_RUN_S: integer(1, MAX_EXTREME_RUN_S).default(3),
  // The level before a jump is the median of the 10 s before it, which stray beats and artifacts cannot move; a new level must be one the rate was at in at most a third of them (a return after an excursion is none). 10 + 7 + the 3-s reorder tolerance fill the 20 s of history.
  ALERT_SPIKE_BASELINE_S: integer(2, HISTORY_SECONDS).default(10),
  // A jump is a SPIKE only if the new level holds over the later half (the last 4) of the 7 s from it, steady and a full delta away: a jump that reverts within 3 s, or several such artifacts, is counted and never alerted.
  ALERT_SPIKE_CONFIRM_S: integer(1, HISTORY_SECONDS).default(7),
  // A SPIKE marks a change of level, not a state: it resolves 60 s after the jump; a level that stays abnormal is LOW/HIGH's business.
  ALERT_SPIKE_HOLD_S: integer(1, 86_400).default(60),
  // Signal loss after 30 s of wall-clock time without a reading: devices report every second, so this is no hiccup, and with a 1 s timer NO_DATA opens within 31 s.
  ALERT_NO_DATA_TIMEOUT_S: integer(1, 86_400).default(30),
  // A silence already longer than 10 min when the timer runs (the detector was down) is not reported: customers long gone must not page at a restart.
  ALERT_NO_DATA_MAX_SILENCE_S: integer(2, 31 * 86_400).default(600),
  // A beat of the underlying rhythm (ectopic beats, their return cycles and pauses left out) is irregular when it differs by more than 12 % from the previous one: sinus rhythm varies less beat to beat, atrial fibrillation (RR variation 15-35 %) more.
  ALERT_IRREGULAR_DIFF_PCT: integer(1, 100).default(12),
  // The irregular share is an exponential average over ~16 such beats (~20-30 s): long enough to judge a rhythm, short enough to confirm a 60-s episode of atrial fibrillation within it.
  ALERT_IRREGULAR_BEATS: integer(2, 1000).default(16),
  // IRREGULAR_RHYTHM opens (pending) at 50 % irregular beats: atrial fibrillation runs at 55-70 % on MIT-BIH records 201/203, sinus rhythm with frequent ectopy at 10-35 %.
  ALERT_IRREGULAR_OPEN_PCT: integer(1, 100).default(50),
  // It resolves below 25 %, half the opening share, so one episode of atrial fibrillation stays one alert.
  ALERT_IRREGULAR_CLOSE_PCT: integer(0, 99).default(25),
  // It fires once the share has stayed at or above the opening share for 10 s in a row; a burst of ectopy that dips sooner restarts the count and never notifies.
  ALERT_IRREGULAR_CONFIRM_S: integer(0, 3600).default(10),
  // A rule opening more than ALERT_FLAP_CYCLES times within 10 min is flapping: that alert stays firing until its condition has been absent for 10 min.
  ALERT_FLAP_WINDOW_S: integer(60, MAX_FLAP_WINDOW_S).default(600),
  // Three alerts of a rule within the flapping window are still news; the fourth becomes one flapping alert instead of more notifications.
  ALERT_FLAP_CYCLES: integer(1, MAX_FLAP_CYCLES).default(3),
};
export const alerts = defineSection(alertFields, (v) => {
  const problems = alertProblems(v);
  if (problems.length > 0) throw new ConfigError("CONFIG_INVALID", problems.join("; "));
  return {
    reorderToleranceS: v.ALERT_REORDER_TOLERANCE_S,
    lowBpm: v.ANOMALY_LOW_THRESHOLD,
    highBpm: v.ANOMALY_HIGH_THRESHOLD,
    windowS: v.ALERT_WINDOW_S,
    windowMinS: v.ALERT_WINDOW_MIN_S,
    lowCloseBpm: v.ALERT_LOW_CLOSE_BPM,
    highCloseBpm: v.ALERT_HIGH_CLOSE_BPM,
    closeS: v.ALERT_CLOSE_S,
    extremeLowBpm: v.ALERT_EXTREME_LOW_BPM,
    extremeHighBpm: v.ALERT_EXTREME_HIGH_BPM,
    extremeLowCloseBpm: v.ALERT_EXTREME_LOW_CLOSE_BPM,
    extremeHighCloseBpm: v.ALERT_EXTREME_HIGH_CLOSE_BPM,
    extremeRunS: v.ALERT_EXTREME_RUN_S,
    spikeDeltaBpm: v.ANOMALY_SPIKE_DELTA,
    spikeBaselineS: v.ALERT_SPIKE_BASELINE_S,
    spikeConfirmS: v.ALERT_SPIKE_CONFIRM_S,
    spikeHoldS: v.ALERT_SPIKE_HOLD_S,
    noDataTimeoutMs: v.ALERT_NO_DATA_TIMEOUT_S * 1000,
    noDataMaxSilenceMs: v.ALERT_NO_DATA_MAX_SILENCE_S * 1000,
    irregularDiffPct: v.ALERT_IRREGULAR_DIFF_PCT,
    irregularBeats: v.ALERT_IRREGULAR_BEATS,
    irregularOpenPct: v.ALERT_IRREGULAR_OPEN_PCT,
    irregularClosePct: v.ALERT_IRREGULAR_CLOSE_PCT,
    irregularConfirmS: v.ALERT_IRREGULAR_CONFIRM_S,
    flapWindowS: v.ALERT_FLAP_WINDOW_S,
    flapCycles: v.ALERT_FLAP_CYCLES,
  };
});
export type AlertConfig = ReturnType<typeof alerts.resolve>;

/** The alert settings' cross-field problems, each saying what to change. */
function alertProblems(v: z.output<z.ZodObject<typeof alertFields>>): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, message: string) => ok || problems.push(message);
  const low = `ANOMALY_LOW_THRESHOLD (${v.ANOMALY_LOW_THRESHOLD})`;
  const high = `ANOMALY_HIGH_THRESHOLD (${v.ANOMALY_HIGH_THRESHOLD})`;
  const tolerance = `ALERT_REORDER_TOLERANCE_S (${v.ALERT_REORDER_TOLERANCE_S})`;
  need(
    v.ALERT_LOW_CLOSE_BPM > v.ANOMALY_LOW_THRESHOLD,
    `ALERT_LOW_CLOSE_BPM (${v.ALERT_LOW_CLOSE_BPM}) must be above ${low}, on the safe side, or LOW would resolve while the rate is still low: raise it`,
  );
  need(
    v.ALERT_HIGH_CLOSE_BPM < v.ANOMALY_HIGH_THRESHOLD,
    `ALERT_HIGH_CLOSE_BPM (${v.ALERT_HIGH_CLOSE_BPM}) must be below ${high}, on the safe side, or HIGH would resolve while the rate is still high: lower it`,
  );
  need(
    v.ALERT_EXTREME_LOW_BPM < v.ANOMALY_LOW_THRESHOLD,
    `ALERT_EXTREME_LOW_BPM (${v.ALERT_EXTREME_LOW_BPM}) must be below ${low}: an extreme rate is beyond the ordinary threshold`,
  );
  need(
    v.ALERT_EXTREME_HIGH_BPM > v.ANOMALY_HIGH_THRESHOLD,
    `ALERT_EXTREME_HIGH_BPM (${v.ALERT_EXTREME_HIGH_BPM}) must be above ${high}: an extreme rate is beyond the ordinary threshold`,
  );
  need(
    v.ALERT_EXTREME_LOW_CLOSE_BPM > v.ALERT_EXTREME_LOW_BPM,
    `ALERT_EXTREME_LOW_CLOSE_BPM (${v.ALERT_EXTREME_LOW_CLOSE_BPM}) must be above ALERT_EXTREME_LOW_BPM (${v.ALERT_EXTREME_LOW_BPM}), on the safe side: raise it`,
  );
  need(
    v.ALERT_EXTREME_HIGH_CLOSE_BPM < v.ALERT_EXTREME_HIGH_BPM,
    `ALERT_EXTREME_HIGH_CLOSE_BPM (${v.ALERT_EXTREME_HIGH_CLOSE_BPM}) must be below ALERT_EXTREME_HIGH_BPM (${v.ALERT_EXTREME_HIGH_BPM}), on the safe side: lower it`,
  );
  need(
    v.ALERT_WINDOW_MIN_S <= v.ALERT_WINDOW_S,
    `ALERT_WINDOW_MIN_S (${v.ALERT_WINDOW_MIN_S}) cannot exceed ALERT_WINDOW_S (${v.ALERT_WINDOW_S}): lower it`,
  );
  need(
    v.ALERT_CLOSE_S > v.ALERT_WINDOW_S - v.ALERT_WINDOW_MIN_S,
    `ALERT_CLOSE_S (${v.ALERT_CLOSE_S}) must exceed ALERT_WINDOW_S - ALERT_WINDOW_MIN_S (${
      v.ALERT_WINDOW_S - v.ALERT_WINDOW_MIN_S
    }), or LOW/HIGH could reopen at once from the readings that opened them: raise it`,
  );
  need(
    v.ALERT_WINDOW_S + v.ALERT_REORDER_TOLERANCE_S <= HISTORY_SECONDS,
    `ALERT_WINDOW_S (${v.ALERT_WINDOW_S}) + ${tolerance} must not exceed ${HISTORY_SECONDS}, the seconds of history an alert state keeps: shorten one`,
  );
  const spikeSpan = v.ALERT_SPIKE_BASELINE_S + v.ALERT_SPIKE_CONFIRM_S;
  need(
    spikeSpan + v.ALERT_REORDER_TOLERANCE_S <= HISTORY_SECONDS,
    `ALERT_SPIKE_BASELINE_S (${v.ALERT_SPIKE_BASELINE_S}) + ALERT_SPIKE_CONFIRM_S (${v.ALERT_SPIKE_CONFIRM_S}) + ${tolerance} must not exceed ${HISTORY_SECONDS}, the seconds of history an alert state keeps: shorten one`,
  );
  need(
    v.ALERT_SPIKE_HOLD_S >= v.ALERT_SPIKE_CONFIRM_S,
    `ALERT_SPIKE_HOLD_S (${v.ALERT_SPIKE_HOLD_S}) must be at least ALERT_SPIKE_CONFIRM_S (${v.ALERT_SPIKE_CONFIRM_S}), or a SPIKE would resolve before it is confirmed: raise it`,
  );
  need(
    v.ALERT_IRREGULAR_CLOSE_PCT < v.ALERT_IRREGULAR_OPEN_PCT,
    `ALERT_IRREGULAR_CLOSE_PCT (${v.ALERT_IRREGULAR_CLOSE_PCT}) must be below ALERT_IRREGULAR_OPEN_PCT (${v.ALERT_IRREGULAR_OPEN_PCT}), or the alert would resolve as it opens: lower it`,
  );
  need(
    v.ALERT_NO_DATA_MAX_SILENCE_S > v.ALERT_NO_DATA_TIMEOUT_S,
    `ALERT_NO_DATA_MAX_SILENCE_S (${v.ALERT_NO_DATA_MAX_SILENCE_S}) must exceed ALERT_NO_DATA_TIMEOUT_S (${v.ALERT_NO_DATA_TIMEOUT_S}), or NO_DATA could never open: raise it`,
  );
  return problems;
}

/** Settings every long-running service shares. */
export const service = defineSection({
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  METRICS_HOST: z.string().trim().default("127.0.0.1"),
  HEALTH_PROBE_INTERVAL_S: integer(1, 3600).default(5),
  HEALTH_MAX_LAG: integer(0, 2_000_000_000).default(100_000),
}, (v) => ({
  logLevel: v.LOG_LEVEL,
  metricsHost: v.METRICS_HOST,
  healthProbeIntervalMs: v.HEALTH_PROBE_INTERVAL_S * 1000,
  healthMaxLag: v.HEALTH_MAX_LAG,
}));
export type ServiceConfig = ReturnType<typeof service.resolve>;

const groupId = z.string().trim().regex(
  /^[A-Za-z0-9._-]{1,200}$/,
  "expected a consumer group id (letters, digits, . _ -)",
);

/** The DB writer (`deno task consumer`). */
export const consumer = defineSection({
  CONSUMER_GROUP_ID: groupId.default("heartbeat-writer"),
  CONSUMER_METRICS_PORT: port.default(8001),
  CONSUMER_CONCURRENCY: integer(1, 64).default(4),
  CONSUMER_MAX_WAIT_MS: integer(10, 10_000).default(100),
  CONSUMER_SESSION_TIMEOUT_MS: integer(6000, 300_000).default(10_000),
  CONSUMER_FETCH_MAX_BYTES: integer(1024, 104_857_600).default(1_048_576),
  DLQ_MAX_ATTEMPTS: integer(2, 20).default(3),
}, (v) => ({
  groupId: v.CONSUMER_GROUP_ID,
  metricsPort: v.CONSUMER_METRICS_PORT,
  concurrency: v.CONSUMER_CONCURRENCY,
  maxWaitMs: v.CONSUMER_MAX_WAIT_MS,
  sessionTimeoutMs: v.CONSUMER_SESSION_TIMEOUT_MS,
  fetchMaxBytes: v.CONSUMER_FETCH_MAX_BYTES,
  dlqMaxAttempts: v.DLQ_MAX_ATTEMPTS,
}));
export type ConsumerConfig = ReturnType<typeof consumer.resolve>;

/** The anomaly detector (`deno task detector`). */
export const detector = defineSection({
  DETECTOR_GROUP_ID: groupId.default("heartbeat-detector"),
  DETECTOR_METRICS_PORT: port.default(8002),
  DETECTOR_CONCURRENCY: integer(1, 64).default(4),
  DETECTOR_MAX_WAIT_MS: integer(10, 10_000).default(100),
  DETECTOR_SESSION_TIMEOUT_MS: integer(6000, 300_000).default(10_000),
  DETECTOR_FETCH_MAX_BYTES: integer(1024, 104_857_600).default(1_048_576),
}, (v) => ({
  groupId: v.DETECTOR_GROUP_ID,
  metricsPort: v.DETECTOR_METRICS_PORT,
  concurrency: v.DETECTOR_CONCURRENCY,
  maxWaitMs: v.DETECTOR_MAX_WAIT_MS,
  sessionTimeoutMs: v.DETECTOR_SESSION_TIMEOUT_MS,
  fetchMaxBytes: v.DETECTOR_FETCH_MAX_BYTES,
}));
export type DetectorConfig = ReturnType<typeof detector.resolve>;

/**
 * The storage maintainer (`deno task maintainer`): time partitions created ahead and
 * dropped after their retention, and the per-minute rollups kept up to date.
 */
export const storage = defineSection({
  MAINTAINER_METRICS_PORT: port.default(8003),
  PARTITION_INTERVAL_H: integer(1, 744).default(24),
  PARTITIONS_AHEAD_H: integer(1, 24 * 31).default(72),
  RETENTION_DAYS: integer(1, 3650).default(30),
  ANOMALY_RETENTION_DAYS: integer(1, 3650).default(90),
  ROLLUP_RETENTION_DAYS: integer(1, 3650).default(400),
  MAINTENANCE_INTERVAL_S: integer(1, 86_400).default(300),
  ROLLUP_INTERVAL_S: integer(1, 3600).default(10),
  ROLLUP_MAX_MINUTES: integer(1, 100_000).default(240),
}, (v) => ({
  metricsPort: v.MAINTAINER_METRICS_PORT,
  partitionHours: v.PARTITION_INTERVAL_H,
  aheadMs: v.PARTITIONS_AHEAD_H * 3_600_000,
  retentionMs: {
    heartbeat_events: v.RETENTION_DAYS * 86_400_000,
    anomalies: v.ANOMALY_RETENTION_DAYS * 86_400_000,
    heartbeat_rollup_minute: v.ROLLUP_RETENTION_DAYS * 86_400_000,
    heartbeat_rollup_minute_hr: v.ROLLUP_RETENTION_DAYS * 86_400_000,
  },
  maintenanceIntervalMs: v.MAINTENANCE_INTERVAL_S * 1000,
  rollupIntervalMs: v.ROLLUP_INTERVAL_S * 1000,
  rollupMaxMinutes: v.ROLLUP_MAX_MINUTES,
}));
export type StorageConfig = ReturnType<typeof storage.resolve>;

const ratio = z.string().trim().regex(/^\d*\.?\d+$/, "expected a number from 0 to 1")
  .transform(Number).refine((n) => n >= 0 && n <= 1, "expected a number from 0 to 1");

/** The producer/simulator (`deno task producer`); its CLI flags override these. */
export const producer = defineSection({
  PRODUCER_METRICS_PORT: port.default(8000),
  PRODUCER_CUSTOMERS: integer(1, 10_000_000).default(1000),
  PRODUCER_RATE: integer(0, 10_000_000).default(1000),
  PRODUCER_DURATION_S: integer(0, 31_536_000).default(0),
  PRODUCER_SEED: integer(0, 2 ** 31 - 1).optional(),
  PRODUCER_INVALID_RATE: ratio.default(0.01),
  PRODUCER_BATCH_MAX: integer(1, 100_000).default(10_000),
  PRODUCER_EPISODE_MULTIPLIER: integer(0, 10_000).default(10),
  // Readings carry beat-to-beat intervals (wire format version 2) for IRREGULAR_RHYTHM.
  PRODUCER_RR_INTERVALS: flag.default(true),
  PRODUCER_CUSTOMER_PREFIX: z.string().trim().regex(
    /^[!-~]{1,40}$/,
    "expected 1-40 printable ASCII characters",
  )
    .default("cust-"),
}, (v) => ({
  metricsPort: v.PRODUCER_METRICS_PORT,
  customers: v.PRODUCER_CUSTOMERS,
  rate: v.PRODUCER_RATE,
  durationS: v.PRODUCER_DURATION_S,
  seed: v.PRODUCER_SEED,
  invalidRate: v.PRODUCER_INVALID_RATE,
  batchMax: v.PRODUCER_BATCH_MAX,
  episodeMultiplier: v.PRODUCER_EPISODE_MULTIPLIER,
  rrIntervals: v.PRODUCER_RR_INTERVALS,
  customerPrefix: v.PRODUCER_CUSTOMER_PREFIX,
}));
export type ProducerConfig = ReturnType<typeof producer.resolve>;

/**
 * The live web dashboard (`deno task dashboard`): where it listens and, optionally, the
 * bearer token its API and stream demand. Without a token anyone who reaches the port reads
 * the data, so the default address is loopback only.
 */
export const dashboard = defineSection({
  DASHBOARD_HOST: z.string().trim().default("127.0.0.1"),
  DASHBOARD_PORT: port.default(8088),
  DASHBOARD_TOKEN: z.string().trim().optional(),
}, (v) => {
  // Checked here rather than by the field, so the message never echoes the secret.
  const token = v.DASHBOARD_TOKEN;
  if (token !== undefined && !/^[!-~]{16,512}$/.test(token)) {
    throw new ConfigError(
      "CONFIG_INVALID",
      `DASHBOARD_TOKEN (${token.length} characters, not shown): expected 16-512 printable ASCII ` +
        "characters without spaces (e.g. `openssl rand -hex 24`)",
    );
  }
  return { host: v.DASHBOARD_HOST, port: v.DASHBOARD_PORT, token };
});
export type DashboardConfig = ReturnType<typeof dashboard.resolve>;

/**
 * The alert notifier (`deno task notifier`): alert transitions POSTed to ALERT_WEBHOOK_URL
 * (unset: notifications are off and the task exits at start). A failing receiver is retried
 * with exponential backoff and jitter from NOTIFIER_BACKOFF_INITIAL_MS up to
 * NOTIFIER_BACKOFF_MAX_MS, for as long as it fails temporarily. The URL and the secret are
 * checked here rather than by their fields, so no message ever echoes them (webhook URLs
 * often carry a token in their path).
 */
export const notifier = defineSection({
  ALERT_WEBHOOK_URL: z.string().trim().optional(),
  ALERT_WEBHOOK_SECRET: z.string().trim().optional(),
  NOTIFIER_GROUP_ID: groupId.default("heartbeat-notifier"),
  NOTIFIER_METRICS_PORT: port.default(8004),
  NOTIFIER_CONCURRENCY: integer(1, 64).default(4),
  NOTIFIER_TIMEOUT_MS: integer(100, 300_000).default(10_000),
  NOTIFIER_BACKOFF_INITIAL_MS: integer(10, 600_000).default(500),
  NOTIFIER_BACKOFF_MAX_MS: integer(100, 3_600_000).default(60_000),
  NOTIFIER_UNHEALTHY_AFTER: integer(1, 10_000).default(5),
  NOTIFIER_DEDUPE_SIZE: integer(0, 10_000_000).default(100_000),
}, (v) => {
  const problems: string[] = [];
  const webhook = v.ALERT_WEBHOOK_URL === undefined ? undefined : webhookOf(v.ALERT_WEBHOOK_URL);
  if (typeof webhook === "string") problems.push(webhook);
  const secret = v.ALERT_WEBHOOK_SECRET;
  if (secret !== undefined && !/^[!-~]{16,512}$/.test(secret)) {
    problems.push(
      `ALERT_WEBHOOK_SECRET (${secret.length} characters, not shown): expected 16-512 printable ` +
        "ASCII characters without spaces (e.g. `openssl rand -hex 32`)",
    );
  }
  if (v.NOTIFIER_BACKOFF_INITIAL_MS > v.NOTIFIER_BACKOFF_MAX_MS) {
    problems.push(
      `NOTIFIER_BACKOFF_INITIAL_MS (${v.NOTIFIER_BACKOFF_INITIAL_MS}) must not exceed ` +
        `NOTIFIER_BACKOFF_MAX_MS (${v.NOTIFIER_BACKOFF_MAX_MS})`,
    );
  }
  if (problems.length > 0) throw new ConfigError("CONFIG_INVALID", problems.join("; "));
  return {
    webhook: typeof webhook === "object" ? { ...webhook, secret } : undefined,
    groupId: v.NOTIFIER_GROUP_ID,
    metricsPort: v.NOTIFIER_METRICS_PORT,
    concurrency: v.NOTIFIER_CONCURRENCY,
    timeoutMs: v.NOTIFIER_TIMEOUT_MS,
    backoff: { initialMs: v.NOTIFIER_BACKOFF_INITIAL_MS, maxMs: v.NOTIFIER_BACKOFF_MAX_MS },
    unhealthyAfterFailures: v.NOTIFIER_UNHEALTHY_AFTER,
    dedupeSize: v.NOTIFIER_DEDUPE_SIZE,
  };
});
export type NotifierConfig = ReturnType<typeof notifier.resolve>;

/**
 * ALERT_WEBHOOK_URL as `{ url, target, netHost }` (`target`: scheme and host only, safe to
 * log; `netHost`: host:port as `--allow-net` names it), or the problem, without the URL.
 */
function webhookOf(value: string): { url: string; target: string; netHost: string } | string {
  const expected = "expected an http(s) URL such as https://hooks.example.com/heartbeat";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `ALERT_WEBHOOK_URL (not shown: it may hold a token): ${expected}`;
  }
  const target = `${url.protocol}//${url.host}`;
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return `ALERT_WEBHOOK_URL (${url.protocol}… not shown): ${expected}`;
  }
  if (url.username !== "" || url.password !== "") {
    return `ALERT_WEBHOOK_URL (${target}/…): user:password@ in the URL is not sent by fetch; ` +
      "authenticate the receiver with ALERT_WEBHOOK_SECRET (or a token in the path) instead";
  }
  const netPort = url.port !== "" ? url.port : url.protocol === "https:" ? "443" : "80";
  return { url: url.href, target, netHost: `${url.hostname}:${netPort}` };
}
