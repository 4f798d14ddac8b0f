/**
 * `deno task dashboard`: the live web dashboard on DASHBOARD_HOST:DASHBOARD_PORT (default
 * 127.0.0.1:8088). Composition only: the app is `app.ts`, its data `sources.ts`, every
 * query `queries.ts` (alerts: `alert_queries.ts`). It reads PostgreSQL as the role
 * `heartbeat_dashboard` in read-only sessions and Kafka through admin reads; its one write is
 * an alert's acknowledgement (three columns of `alerts`, in a read-write transaction).
 */
import { asServiceRole, loadConfig, sections } from "../../shared/config/mod.ts";
import { runMain } from "../../shared/cli/run_main.ts";
import { createSql, waitForDatabase } from "../../shared/db/mod.ts";
import { connectAdmin, createKafka } from "../../shared/kafka/mod.ts";
import { createLogger } from "../../shared/observability/mod.ts";
import { onShutdown } from "../../shared/runtime/shutdown.ts";
import { createApp } from "./app.ts";
import { DashboardError, errorResponse } from "./http_error.ts";
import { createKafkaReader } from "./kafka_reader.ts";
import { isLoopback, listen } from "./listen.ts";
import { readOnlySession } from "./queries.ts";
import { createSources } from "./sources.ts";
import { loadStaticAssets } from "./static_assets.ts";

await runMain(async () => {
  const config = loadConfig({
    service: sections.service,
    kafka: sections.kafka,
    topics: sections.topics,
    database: sections.database,
    consumer: sections.consumer,
    detector: sections.detector,
    dashboard: sections.dashboard,
  });
  const log = createLogger("dashboard", config.service.logLevel);
  const assets = await loadStaticAssets(new URL("./static/", import.meta.url));
  const listener = listen(
    config.dashboard,
    () =>
      errorResponse(
        new DashboardError("DEPENDENCY_UNAVAILABLE", "The dashboard is starting: try again."),
      ),
  );

  const database = readOnlySession(asServiceRole(config.database, "dashboard"));
  const sql = createSql(database, { applicationName: "heartbeat-dashboard" });
  await waitForDatabase(sql, database);
  const kafka = createKafka(
    config.kafka,
    (level, message, extra) => log[level](message, { kafka: extra }),
  );
  const admin = await connectAdmin(kafka, config.kafka);
  const app = createApp({
    sources: createSources({
      sql,
      kafka: createKafkaReader(admin, config.kafka.brokers),
      topics: config.topics,
      groups: { writer: config.consumer.groupId, detector: config.detector.groupId },
    }),
    assets,
    token: config.dashboard.token,
    log,
  });
  listener.ready(app.fetch);
  const { host, port, token } = config.dashboard;
  log.info("dashboard started", {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}/`,
    token: token === undefined ? "none" : "required",
  });
  if (token === undefined && !isLoopback(host)) {
    log.warn(
      "DASHBOARD_TOKEN is not set and DASHBOARD_HOST is not loopback: anyone who reaches the port reads the data",
    );
  }

  await new Promise<void>((resolve) => {
    onShutdown(async () => {
      app.close(); // ends the live streams, or shutdown() would wait for them
      await listener.server.shutdown();
      await admin.disconnect();
      await sql.end({ timeout: 5 });
      log.info("dashboard stopped");
      resolve();
    }, { log: (msg, fields) => log.info(msg, fields) });
  });
});
