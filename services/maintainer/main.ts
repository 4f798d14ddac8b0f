/**
 * `deno task maintainer`: keeps the time-partitioned storage healthy (migration 0004) —
 * partitions created ahead and dropped after their retention every MAINTENANCE_INTERVAL_S
 * (and, in the same run, resolved alerts deleted after ANOMALY_RETENTION_DAYS, 0005),
 * stale per-minute rollups recomputed every ROLLUP_INTERVAL_S. Connects as the
 * `heartbeat_maintainer` role, which owns no table: partition DDL runs inside the
 * migrator's SECURITY DEFINER functions. Composition only.
 */
import { asServiceRole, loadConfig, sections } from "../../shared/config/mod.ts";
import { runMain } from "../../shared/cli/run_main.ts";
import { createSql, waitForDatabase } from "../../shared/db/mod.ts";
import { createLogger, type HealthCheck, serveOps } from "../../shared/observability/mod.ts";
import { onShutdown } from "../../shared/runtime/shutdown.ts";
import { deleteResolvedAlerts } from "./alerts.ts";
import { createMaintainerMetrics } from "./metrics.ts";
import { maintainPartitions, partitionCounts } from "./partitions.ts";
import { checkRetention, partitionWork } from "./plan.ts";
import { recomputeRollups } from "./rollups.ts";
import { every } from "../../shared/runtime/every.ts";

await runMain(async () => {
  const config = loadConfig({
    service: sections.service,
    database: sections.database,
    validation: sections.validation,
    storage: sections.storage,
  });
  checkRetention(config.storage, config.validation);
  const log = createLogger("maintainer", config.service.logLevel);
  const metrics = createMaintainerMetrics();
  const health: Record<"partitions" | "rollups", HealthCheck> = {
    partitions: { ok: false, detail: "starting" },
    rollups: { ok: false, detail: "starting" },
  };
  const ops = serveOps(
    config.service.metricsHost,
    config.storage.metricsPort,
    "MAINTAINER_METRICS_PORT",
    { registry: metrics.registry, health: () => health },
  );
  const database = asServiceRole(config.database, "maintainer");
  const sql = createSql(database, { applicationName: "heartbeat-maintainer", max: 2 });
  await waitForDatabase(sql, database);

  const timed = async (task: "partitions" | "rollups", run: () => Promise<void>) => {
    const end = metrics.runSeconds.startTimer({ task });
    try {
      await run();
      metrics.runs.inc({ task, outcome: "ok" });
      health[task] = { ok: true, detail: "" };
    } catch (error) {
      metrics.runs.inc({ task, outcome: "error" });
      health[task] = { ok: false, detail: String((error as Error)?.message ?? error) };
      throw error;
    } finally {
      end();
    }
  };

  const stopPartitions = every(
    config.storage.maintenanceIntervalMs,
    () =>
      timed("partitions", async () => {
        const work = partitionWork(Date.now(), config.storage, config.validation);
        for (const change of await maintainPartitions(sql, work, config.storage.partitionHours)) {
          metrics.partitionsCreated.inc({ table: change.table }, change.created.length);
          metrics.partitionsDropped.inc({ table: change.table }, change.dropped.length);
          if (change.created.length > 0) {
            log.info("partitions created", { table: change.table, partitions: change.created });
          }
          if (change.dropped.length > 0) {
            log.info("partitions dropped by retention", {
              table: change.table,
              partitions: change.dropped,
            });
          }
        }
        for (const { table, partitions } of await partitionCounts(sql)) {
          metrics.partitions.set({ table }, partitions);
        }
        const alertsBefore = new Date(Date.now() - config.storage.retentionMs.anomalies);
        const alertsDeleted = await deleteResolvedAlerts(sql, alertsBefore);
        metrics.alertsDeleted.inc(alertsDeleted);
        if (alertsDeleted > 0) {
          log.info("resolved alerts deleted by retention", {
            alerts: alertsDeleted,
            resolvedBefore: alertsBefore.toISOString(),
          });
        }
      }),
    (error) => log.error("partition maintenance failed; retrying at the next run", { error }),
  );
  const stopRollups = every(
    config.storage.rollupIntervalMs,
    () =>
      timed("rollups", async () => {
        const pass = await recomputeRollups(sql, config.storage.rollupMaxMinutes);
        metrics.rollupMinutes.inc(pass.minutes);
        metrics.rollupPending.set(pass.pending);
        metrics.rollupLag.set(pass.oldestPendingS);
        if (pass.minutes > 0) log.debug("rollups recomputed", { ...pass });
      }),
    (error) => log.error("rollup recomputation failed; retrying at the next run", { error }),
  );
  log.info("maintainer started", {
    metrics: `${config.service.metricsHost}:${config.storage.metricsPort}`,
    partitionHours: config.storage.partitionHours,
  });

  await new Promise<void>((resolve) => {
    onShutdown(async () => {
      await Promise.all([stopPartitions(), stopRollups()]);
      await sql.end({ timeout: 5 });
      await ops.shutdown();
      log.info("maintainer stopped");
      resolve();
    }, { log: (msg, fields) => log.info(msg, fields) });
  });
});
