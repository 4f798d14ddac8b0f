/** The maintainer's Prometheus metrics (its own registry, served on /metrics). */
import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** Creates the registry and the metrics in it. */
export function createMaintainerMetrics() {
  const registry = new Registry();
  registry.setDefaultLabels({ service: "maintainer" });
  const registers = [registry];
  return {
    registry,
    partitionsCreated: new Counter({
      name: "heartbeat_partitions_created_total",
      help: "Time partitions created ahead of time, by table.",
      labelNames: ["table"],
      registers,
    }),
    partitionsDropped: new Counter({
      name: "heartbeat_partitions_dropped_total",
      help: "Time partitions dropped by retention, by table.",
      labelNames: ["table"],
      registers,
    }),
    partitions: new Gauge({
      name: "heartbeat_partitions",
      help: "Time partitions that exist, by table.",
      labelNames: ["table"],
      registers,
    }),
    alertsDeleted: new Counter({
      name: "heartbeat_alerts_deleted_total",
      help: "Resolved alerts deleted by retention (ANOMALY_RETENTION_DAYS after they resolved).",
      registers,
    }),
    rollupMinutes: new Counter({
      name: "heartbeat_rollup_minutes_total",
      help: "Minutes whose rollups were recomputed from raw readings.",
      registers,
    }),
    rollupPending: new Gauge({
      name: "heartbeat_rollup_pending_minutes",
      help: "Minutes marked stale by the writer and not recomputed yet.",
      registers,
    }),
    rollupLag: new Gauge({
      name: "heartbeat_rollup_lag_seconds",
      help: "Age of the oldest stale mark still pending (0 when the rollups are current).",
      registers,
    }),
    runs: new Counter({
      name: "heartbeat_maintenance_runs_total",
      help: "Maintenance runs by task (partitions, rollups) and outcome (ok, error).",
      labelNames: ["task", "outcome"],
      registers,
    }),
    runSeconds: new Histogram({
      name: "heartbeat_maintenance_run_seconds",
      help: "Duration of maintenance runs by task.",
      labelNames: ["task"],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    }),
  };
}
export type MaintainerMetrics = ReturnType<typeof createMaintainerMetrics>;
