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
