import assert from "node:assert/strict";
import { asServiceRole, ConfigError, loadConfig, sections } from "./mod.ts";
import { kafkaClientOptions } from "../kafka/mod.ts";

const all = sections;
const envOf = (vars: Record<string, string>) => (name: string) => vars[name];

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  assert.fail("expected a ConfigError");
}

Deno.test("loadConfig: with nothing set, every section resolves to the local defaults", () => {
  const config = loadConfig(all, envOf({}));
  assert.deepEqual(config.kafka.brokers, ["127.0.0.1:19092"]);
  assert.equal(config.topics.raw, "events.raw.v1");
  assert.equal(
    config.database.url,
    "postgres://heartbeat_user:heartbeat_local_only@127.0.0.1:55432/heartbeat",
  );
  assert.equal(config.database.port, 55432);
  assert.equal(config.infra.prometheusPort, 9090);
  assert.equal(config.infra.kafkaControllerPort, undefined);
});

Deno.test("loadConfig: .env.example holds exactly the defaults and documents every setting", async () => {
  const text = await Deno.readTextFile(new URL("../../.env.example", import.meta.url));
  const vars: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) vars[match[1]!] = match[2]!;
  }
  assert.deepEqual(loadConfig(all, envOf(vars)), loadConfig(all, envOf({})));
  const declared = Object.values(all).flatMap((section) => Object.keys(section.env.shape));
  assert.deepEqual(
    declared.filter((name) => !(name in vars)),
    [],
    "settings missing from .env.example",
  );
  assert.deepEqual(
    Object.keys(vars).filter((name) => !declared.includes(name)),
    [],
    "unknown settings in .env.example",
  );
});

Deno.test("loadConfig: an empty value means the default", () => {
  const config = loadConfig({ kafka: all.kafka }, envOf({ KAFKA_BOOTSTRAP_SERVERS: "  " }));
  assert.deepEqual(config.kafka.brokers, ["127.0.0.1:19092"]);
});

Deno.test("loadConfig: a non-numeric port is named with its value on one line", () => {
  const error = configError(() =>
    loadConfig({ infra: all.infra }, envOf({ PROMETHEUS_PORT: "abc" }))
  );
  assert.equal(error.code, "CONFIG_INVALID");
  assert.match(
    error.message,
    /^Invalid configuration: PROMETHEUS_PORT="abc": expected a port number \(1-65535\)\./,
  );
  assert.doesNotMatch(error.message, /\n/);
});

Deno.test("loadConfig: out-of-range numbers are rejected", () => {
  const error = configError(() =>
    loadConfig(
      { infra: all.infra, kafka: all.kafka },
      envOf({ PROMETHEUS_PORT: "70000", KAFKA_CONNECT_RETRIES: "-1" }),
    )
  );
  assert.match(error.message, /PROMETHEUS_PORT="70000"/);
  assert.match(error.message, /KAFKA_CONNECT_RETRIES="-1": expected a whole number \(0-100\)/);
});

Deno.test("loadConfig: every bad setting is reported at once, across sections", () => {
  const error = configError(() =>
    loadConfig(
      all,
      envOf({
        KAFKA_BOOTSTRAP_SERVERS: "kafka",
        DATABASE_URL: "mysql://x",
        PROMETHEUS_ENABLED: "maybe",
      }),
    )
  );
  assert.match(
    error.message,
    /KAFKA_BOOTSTRAP_SERVERS="kafka": expected host:port\[,host:port…\] \(bad entry "kafka"\)/,
  );
  assert.match(
    error.message,
    /DATABASE_URL="mysql:\/\/x": expected postgres:\/\/user:password@host:port\/database/,
  );
  assert.match(error.message, /PROMETHEUS_ENABLED="maybe": expected true or false/);
  assert.doesNotMatch(error.message, /\n/);
});

Deno.test("loadConfig: bootstrap servers accept lists, names and bracketed IPv6", () => {
  const config = loadConfig(
    { kafka: all.kafka },
    envOf({ KAFKA_BOOTSTRAP_SERVERS: "kafka-1:9092, kafka-2:9092,[::1]:19092" }),
  );
  assert.deepEqual(config.kafka.brokers, ["kafka-1:9092", "kafka-2:9092", "[::1]:19092"]);
});

Deno.test("loadConfig: DATABASE_URL with a non-numeric port names the setting and the port", () => {
  const error = configError(() =>
    loadConfig(
      { database: all.database },
      envOf({ DATABASE_URL: "postgres://u:p@127.0.0.1:abc/heartbeat" }),
    )
  );
  assert.match(
    error.message,
    /DATABASE_URL="postgres:\/\/u:p@127.0.0.1:abc\/heartbeat": port "abc" is not a number/,
  );
});

Deno.test("loadConfig: DATABASE_URL without a database name is rejected", () => {
  const error = configError(() =>
    loadConfig({ database: all.database }, envOf({ DATABASE_URL: "postgres://u:p@db:5432" }))
  );
  assert.match(error.message, /database name is missing/);
});

Deno.test("loadConfig: without DATABASE_URL the URL is built from the POSTGRES_* parts, escaped", () => {
  const config = loadConfig(
    { database: all.database },
    envOf({
      POSTGRES_HOST: "db",
      POSTGRES_PORT: "5432",
      POSTGRES_USER: "app",
      POSTGRES_PASSWORD: "p@ss/word",
    }),
  );
  assert.equal(config.database.url, "postgres://app:p%40ss%2Fword@db:5432/heartbeat");
  assert.equal(config.database.password, "p@ss/word");
  assert.equal(config.database.host, "db");
});

Deno.test("loadConfig: a variable the task may not read is reported, not thrown as a crash", () => {
  const denied = (name: string) => {
    if (name === "KAFKA_CLIENT_ID") {
      throw new Deno.errors.NotCapable(`Requires env access to "${name}"`);
    }
    return undefined;
  };
  const error = configError(() => loadConfig({ kafka: all.kafka }, denied));
  assert.match(
    error.message,
    /KAFKA_CLIENT_ID: this task may not read it \(add it to the task's --allow-env list\)/,
  );
});

Deno.test("loadConfig: equal Prometheus and controller ports are refused", () => {
  const error = configError(() =>
    loadConfig(
      { infra: all.infra },
      envOf({ PROMETHEUS_PORT: "9999", KAFKA_CONTROLLER_PORT: "9999" }),
    )
  );
  assert.match(error.message, /PROMETHEUS_PORT and KAFKA_CONTROLLER_PORT are equal/);
});

const PRODUCTION_SECRETS = {
  HEARTBEAT_ENV: "production",
  DATABASE_URL: "postgres://u:s3cret-from-vault@db:5432/h?sslmode=verify-full",
  DB_WRITER_PASSWORD: "w-secret",
  DB_DETECTOR_PASSWORD: "d-secret",
  DB_DASHBOARD_PASSWORD: "r-secret",
  DB_MAINTAINER_PASSWORD: "m-secret",
};

Deno.test("loadConfig: HEARTBEAT_ENV=production refuses the local-only placeholder or an empty password", () => {
  const placeholder = configError(() =>
    loadConfig({ database: all.database }, envOf({ HEARTBEAT_ENV: "production" }))
  );
  assert.match(
    placeholder.message,
    /HEARTBEAT_ENV=production refuses these database passwords: DATABASE_URL \(the local-only placeholder\), DB_WRITER_PASSWORD \(the local-only placeholder\), DB_DETECTOR_PASSWORD \(the local-only placeholder\), DB_DASHBOARD_PASSWORD \(the local-only placeholder\), DB_MAINTAINER_PASSWORD \(the local-only placeholder\)/,
  );
  assert.doesNotMatch(
    placeholder.message,
    /heartbeat_local_only/,
    "the message does not echo the password",
  );
  const empty = configError(() =>
    loadConfig(
      { database: all.database },
      envOf({ ...PRODUCTION_SECRETS, DATABASE_URL: "postgres://u@db:5432/h?sslmode=require" }),
    )
  );
  assert.match(empty.message, /refuses these database passwords: DATABASE_URL \(empty\);/);
  const oneRole = configError(() =>
    loadConfig(
      { database: all.database },
      envOf({ ...PRODUCTION_SECRETS, DB_DETECTOR_PASSWORD: "heartbeat_local_only" }),
    )
  );
  assert.match(oneRole.message, /passwords: DB_DETECTOR_PASSWORD \(the local-only placeholder\);/);
  const ok = loadConfig({ database: all.database }, envOf(PRODUCTION_SECRETS));
  assert.equal(ok.database.password, "s3cret-from-vault");
  assert.deepEqual(ok.database.rolePasswords, {
    writer: "w-secret",
    detector: "d-secret",
    dashboard: "r-secret",
    maintainer: "m-secret",
  });
  assert.equal(
    loadConfig({ database: all.database }, envOf({})).database.password,
    "heartbeat_local_only",
    "development keeps the local default",
  );
});

Deno.test("loadConfig: asServiceRole connects as the service's own role, never the migrator", () => {
  const { database } = loadConfig({ database: all.database }, envOf(PRODUCTION_SECRETS));
  const writer = asServiceRole(database, "writer");
  assert.equal(writer.user, "heartbeat_writer");
  assert.equal(writer.url, "postgres://heartbeat_writer:w-secret@db:5432/h?sslmode=verify-full");
  assert.equal(asServiceRole(database, "detector").user, "heartbeat_detector");
  assert.equal(asServiceRole(database, "dashboard").password, "r-secret");
  const odd = loadConfig(
    { database: all.database },
    envOf({ DB_WRITER_PASSWORD: "p@ss:w/rd%" }),
  ).database;
  const parsed = new URL(asServiceRole(odd, "writer").url);
  assert.equal(decodeURIComponent(parsed.password), "p@ss:w/rd%", "the password is URL-escaped");
});

Deno.test("loadConfig: DB_SSLMODE, or sslmode in DATABASE_URL, sets TLS to PostgreSQL", () => {
  const sslOf = (vars: Record<string, string>) =>
    loadConfig({ database: all.database }, envOf(vars)).database.sslMode;
  assert.equal(sslOf({}), "disable");
  assert.equal(sslOf({ DB_SSLMODE: "verify-full" }), "verify-full");
  assert.equal(sslOf({ DATABASE_URL: "postgres://u:p@db:5432/h?sslmode=require" }), "require");
  assert.equal(
    sslOf({ DATABASE_URL: "postgres://u:p@db:5432/h?sslmode=require", DB_SSLMODE: "disable" }),
    "disable",
    "the setting wins over the URL",
  );
  assert.match(
    configError(() => sslOf({ DB_SSLMODE: "sometimes" })).message,
    /DB_SSLMODE="sometimes": Invalid option: expected one of "disable"\|"prefer"\|"require"\|"verify-full"/,
  );
  assert.match(
    configError(() => sslOf({ DATABASE_URL: "postgres://u:p@db:5432/h?sslmode=verify-ca" }))
      .message,
    /DATABASE_URL has sslmode=verify-ca: expected one of disable, prefer, require, verify-full/,
  );
  assert.match(
    configError(() =>
      sslOf({ ...PRODUCTION_SECRETS, DATABASE_URL: "postgres://u:p@db.internal:5432/h" })
    ).message,
    /refuses DB_SSLMODE=disable for the non-loopback host db.internal/,
  );
  assert.equal(
    sslOf({ ...PRODUCTION_SECRETS, DATABASE_URL: "postgres://u:p@127.0.0.1:5432/h" }),
    "disable",
    "production on loopback may go without TLS",
  );
});

Deno.test("loadConfig: Kafka TLS and SASL settings reach the client options", () => {
  const kafkaOf = (vars: Record<string, string>) =>
    loadConfig({ kafka: all.kafka }, envOf(vars)).kafka;
  const plain = kafkaClientOptions(kafkaOf({}));
  assert.equal(plain.ssl, undefined);
  assert.equal(plain.sasl, undefined);
  const secured = kafkaClientOptions(kafkaOf({
    KAFKA_SSL: "true",
    KAFKA_SASL_MECHANISM: "scram-sha-512",
    KAFKA_SASL_USERNAME: "heartbeat",
    KAFKA_SASL_PASSWORD: "kafka-secret",
  }));
  assert.equal(secured.ssl, true);
  assert.deepEqual(secured.sasl, {
    mechanism: "scram-sha-512",
    username: "heartbeat",
    password: "kafka-secret",
  });
  assert.match(
    configError(() => kafkaOf({ KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "u" }))
      .message,
    /KAFKA_SASL_MECHANISM=plain needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/,
  );
  assert.match(
    configError(() => kafkaOf({ KAFKA_SASL_USERNAME: "u", KAFKA_SASL_PASSWORD: "p" })).message,
    /KAFKA_SASL_MECHANISM is not: set it to one of plain, scram-sha-256, scram-sha-512/,
  );
  assert.match(
    configError(() => kafkaOf({ KAFKA_SASL_MECHANISM: "gssapi" })).message,
    /KAFKA_SASL_MECHANISM="gssapi"/,
  );
  assert.match(configError(() => kafkaOf({ KAFKA_SSL: "maybe" })).message, /KAFKA_SSL="maybe"/);
});

Deno.test("loadConfig: the dashboard listens on loopback :8088 by default; a token must be long enough", () => {
  const dashboardOf = (vars: Record<string, string>) =>
    loadConfig({ dashboard: all.dashboard }, envOf(vars)).dashboard;
  assert.deepEqual(dashboardOf({}), { host: "127.0.0.1", port: 8088, token: undefined });
  assert.equal(dashboardOf({ DASHBOARD_TOKEN: "a".repeat(16) }).token, "a".repeat(16));
  const weak = configError(() => dashboardOf({ DASHBOARD_TOKEN: "short secret" })).message;
  assert.match(
    weak,
    /DASHBOARD_TOKEN \(12 characters, not shown\): expected 16-512 printable ASCII characters/,
  );
  assert.doesNotMatch(weak, /short secret/, "the message does not echo the token");
  assert.match(
    configError(() => dashboardOf({ DASHBOARD_PORT: "0" })).message,
    /DASHBOARD_PORT="0": expected a port number/,
  );
});

Deno.test("loadConfig: the notifier is off without ALERT_WEBHOOK_URL and has bounded retries by default", () => {
  const notifierOf = (vars: Record<string, string>) =>
    loadConfig({ notifier: all.notifier }, envOf(vars)).notifier;
  assert.deepEqual(notifierOf({}), {
    webhook: undefined,
    groupId: "heartbeat-notifier",
    metricsPort: 8004,
    concurrency: 4,
    timeoutMs: 10_000,
    backoff: { initialMs: 500, maxMs: 60_000 },
    unhealthyAfterFailures: 5,
    dedupeSize: 100_000,
  });
  assert.deepEqual(
    notifierOf({
      ALERT_WEBHOOK_URL: "https://hooks.example.com/services/T0/B0/tok3n",
      ALERT_WEBHOOK_SECRET: "a".repeat(32),
    }).webhook,
    {
      url: "https://hooks.example.com/services/T0/B0/tok3n",
      target: "https://hooks.example.com",
      netHost: "hooks.example.com:443",
      secret: "a".repeat(32),
    },
  );
  assert.equal(
    notifierOf({ ALERT_WEBHOOK_URL: "http://localhost:9000/x" }).webhook?.netHost,
    "localhost:9000",
  );
  assert.equal(notifierOf({ ALERT_WEBHOOK_URL: "http://[::1]/x" }).webhook?.netHost, "[::1]:80");
});

Deno.test("loadConfig: a bad webhook URL or secret is named without echoing either", () => {
  const notifierOf = (vars: Record<string, string>) =>
    loadConfig({ notifier: all.notifier }, envOf(vars)).notifier;
  const cases: [Record<string, string>, RegExp][] = [
    [
      { ALERT_WEBHOOK_URL: "hooks.example.com/tok3n" },
      /ALERT_WEBHOOK_URL \(not shown: it may hold a token\): expected an http\(s\) URL/,
    ],
    [
      { ALERT_WEBHOOK_URL: "ftp://hooks.example.com/tok3n" },
      /ALERT_WEBHOOK_URL \(ftp:… not shown\): expected an http\(s\) URL/,
    ],
    [
      { ALERT_WEBHOOK_URL: "https://user:tok3n@hooks.example.com/x" },
      /ALERT_WEBHOOK_URL \(https:\/\/hooks\.example\.com\/…\): user:password@ in the URL is not sent/,
    ],
    [
      { ALERT_WEBHOOK_SECRET: "tok3n" },
      /ALERT_WEBHOOK_SECRET \(5 characters, not shown\): expected 16-512 printable/,
    ],
  ];
  for (const [vars, expected] of cases) {
    const message = configError(() => notifierOf(vars)).message;
    assert.match(message, expected);
    assert.doesNotMatch(message, /tok3n/, "the message does not echo the URL or the secret");
  }
});

Deno.test("loadConfig: notifier timeouts and backoff are bounded, and the initial delay is at most the cap", () => {
  const notifierOf = (vars: Record<string, string>) =>
    loadConfig({ notifier: all.notifier }, envOf(vars)).notifier;
  const message =
    configError(() =>
      notifierOf({ NOTIFIER_TIMEOUT_MS: "10", NOTIFIER_BACKOFF_MAX_MS: "99999999" })
    ).message;
  assert.match(message, /NOTIFIER_TIMEOUT_MS="10": expected a whole number \(100-300000\)/);
  assert.match(
    message,
    /NOTIFIER_BACKOFF_MAX_MS="99999999": expected a whole number \(100-3600000\)/,
  );
  assert.match(
    configError(() =>
      notifierOf({ NOTIFIER_BACKOFF_INITIAL_MS: "5000", NOTIFIER_BACKOFF_MAX_MS: "1000" })
    )
      .message,
    /NOTIFIER_BACKOFF_INITIAL_MS \(5000\) must not exceed NOTIFIER_BACKOFF_MAX_MS \(1000\)/,
  );
});

Deno.test("loadConfig: the alert settings have defaults and reuse the per-reading thresholds", () => {
  const { alerts } = loadConfig({ alerts: all.alerts }, envOf({}));
  assert.deepEqual(
    [alerts.reorderToleranceS, alerts.lowBpm, alerts.highBpm, alerts.spikeDeltaBpm],
    [3, 50, 140, 30],
  );
  assert.deepEqual([alerts.windowS, alerts.windowMinS, alerts.lowCloseBpm, alerts.highCloseBpm], [
    10,
    8,
    55,
    130,
  ]);
  assert.equal(alerts.noDataTimeoutMs, 30_000);
  assert.equal(alerts.flapWindowS, 600);
  const both = loadConfig(
    { alerts: all.alerts, anomaly: all.anomaly },
    envOf({ ANOMALY_LOW_THRESHOLD: "45", ANOMALY_SPIKE_DELTA: "25" }),
  );
  assert.equal(both.alerts.lowBpm, 45, "one variable, so the two layers never disagree");
  assert.equal(both.anomaly.lowThreshold, 45);
  assert.equal(both.alerts.spikeDeltaBpm, 25);
});

Deno.test("loadConfig: alert close thresholds must lie on the safe side, all problems at once", () => {
  const error = configError(() =>
    loadConfig(
      { alerts: all.alerts },
      envOf({
        ALERT_LOW_CLOSE_BPM: "50",
        ALERT_HIGH_CLOSE_BPM: "141",
        ALERT_EXTREME_LOW_CLOSE_BPM: "40",
        ALERT_IRREGULAR_CLOSE_PCT: "50",
      }),
    )
  );
  assert.match(
    error.message,
    /ALERT_LOW_CLOSE_BPM \(50\) must be above ANOMALY_LOW_THRESHOLD \(50\), on the safe side, or LOW would resolve while the rate is still low: raise it/,
  );
  assert.match(
    error.message,
    /ALERT_HIGH_CLOSE_BPM \(141\) must be below ANOMALY_HIGH_THRESHOLD \(140\)/,
  );
  assert.match(
    error.message,
    /ALERT_EXTREME_LOW_CLOSE_BPM \(40\) must be above ALERT_EXTREME_LOW_BPM \(40\)/,
  );
  assert.match(
    error.message,
    /ALERT_IRREGULAR_CLOSE_PCT \(50\) must be below ALERT_IRREGULAR_OPEN_PCT \(50\)/,
  );
  assert.doesNotMatch(error.message, /\n/);
  assert.match(
    configError(() => loadConfig({ alerts: all.alerts }, envOf({ ALERT_EXTREME_HIGH_BPM: "140" })))
      .message,
    /ALERT_EXTREME_HIGH_BPM \(140\) must be above ANOMALY_HIGH_THRESHOLD \(140\)/,
  );
});

Deno.test("loadConfig: alert windows must fit the seconds of history an alert state keeps", () => {
  const alertsOf = (vars: Record<string, string>) =>
    loadConfig({ alerts: all.alerts }, envOf(vars)).alerts;
  assert.equal(alertsOf({ ALERT_REORDER_TOLERANCE_S: "3" }).reorderToleranceS, 3);
  assert.equal(
    alertsOf({ ALERT_REORDER_TOLERANCE_S: "5", ALERT_SPIKE_BASELINE_S: "8" }).reorderToleranceS,
    5,
  );
  assert.match(
    configError(() => alertsOf({ ALERT_REORDER_TOLERANCE_S: "6" })).message,
    /ALERT_REORDER_TOLERANCE_S="6": expected a whole number \(0-5\)/,
  );
  assert.match(
    configError(() => alertsOf({ ALERT_REORDER_TOLERANCE_S: "5", ALERT_SPIKE_BASELINE_S: "12" }))
      .message,
    /ALERT_SPIKE_BASELINE_S \(12\) \+ ALERT_SPIKE_CONFIRM_S \(7\) \+ ALERT_REORDER_TOLERANCE_S \(5\) must not exceed 20, the seconds of history an alert state keeps: shorten one/,
  );
  assert.match(
    configError(() => alertsOf({ ALERT_CLOSE_S: "2" })).message,
    /ALERT_CLOSE_S \(2\) must exceed ALERT_WINDOW_S - ALERT_WINDOW_MIN_S \(2\)/,
  );
  assert.match(
    configError(() => alertsOf({ ALERT_WINDOW_MIN_S: "11" })).message,
    /ALERT_WINDOW_MIN_S \(11\) cannot exceed ALERT_WINDOW_S \(10\)/,
  );
});
