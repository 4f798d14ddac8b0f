/**
 * Every metric name of the project, in one file. Each service builds the set it exposes
 * with {@link createMetrics} on its own registry; names keep the original design's
 * (`heartbeat_messages_produced_total`, …) and pass `promtool check metrics`.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * Seconds buckets for latencies from a few ms to a minute; finer from 25 to 500 ms, where
 * the end-to-end goals sit (p99 <= 250 ms), so histogram_quantile interpolates over
 * 25-100 ms wide buckets instead of 150-250 ms wide ones (`deno task bench`).
 */
const LATENCY_BUCKETS = [
  0.005,
  0.01,
  0.025,
  0.05,
  0.075,
  0.1,
  0.15,
  0.2,
  0.25,
  0.3,
  0.4,
  0.5,
  1,
  2.5,
  5,
  10,
  30,
  60,
];
/** Batch sizes from 1 to 10k. */
const SIZE_BUCKETS = [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/**
 * The metrics every consumer of a topic shares — records routed to the invalid and
 * dead-letter topics, lag per partition — so dashboards that sum them by `service` count
 * every service that routes (the writer, the notifier).
 */
export function routingMetrics(registers: Registry[]) {
  return {
    invalid: new Counter({
      name: "heartbeat_invalid_total",
      help: "Records routed to the invalid topic, by reason code.",
      labelNames: ["reason"],
      registers,
    }),
    dlq: new Counter({
      name: "heartbeat_dlq_total",
      help: "Records routed to the dead-letter topic.",
      registers,
    }),
    lag: new Gauge({
      name: "heartbeat_consumer_lag",
      help: "Records behind the partition's high watermark after the last batch.",
      labelNames: ["topic", "partition"],
      registers,
    }),
  };
}

/** Creates the project's metrics on a fresh registry (plus process memory gauges). */
export function createMetrics(service: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  const registers = [registry];
  const metrics = {
    registry,
    // --- producer ---
    produced: new Counter({
      name: "heartbeat_messages_produced_total",
      help: "Messages the broker confirmed (acks=all) on the raw topic.",
      registers,
    }),
    produceErrors: new Counter({
      name: "heartbeat_produce_errors_total",
      help: "Messages whose send failed after the client's retries.",
      registers,
    }),
    generated: new Counter({
      name: "heartbeat_messages_generated_total",
      help: "Records the simulator generated, by truth kind.",
      labelNames: ["kind"],
      registers,
    }),
    // --- consumer and detector ---
    consumed: new Counter({
      name: "heartbeat_messages_consumed_total",
      help: "Records read from the raw topic (re-deliveries included).",
      registers,
    }),
    dbInserts: new Counter({
      name: "heartbeat_db_inserts_total",
      help: "Rows newly inserted into heartbeat_events (re-deliveries excluded).",
      registers,
    }),
    duplicates: new Counter({
      name: "heartbeat_duplicates_skipped_total",
      help:
        "Records skipped as already stored: offset below the checkpoint or event already present.",
      labelNames: ["why"],
      registers,
    }),
    fenced: new Counter({
      name: "heartbeat_fenced_batches_total",
      help: "Batches refused because this instance no longer owns the partition.",
      registers,
    }),
    anomalies: new Counter({
      name: "heartbeat_anomalies_total",
      help: "Anomalies detected and stored, by type and severity.",
      labelNames: ["type", "severity"],
      registers,
    }),
    alertTransitions: new Counter({
      name: "heartbeat_alert_transitions_total",
      help: "Alert transitions stored (replays excluded), by rule and the status moved to.",
      labelNames: ["rule", "status"],
      registers,
    }),
    alertArtifacts: new Counter({
      name: "heartbeat_alert_artifacts_total",
      help: "Jumps in heart rate that reverted within the spike confirmation window (no alert).",
      registers,
    }),
    alertStateErrors: new Counter({
      name: "heartbeat_alert_state_errors_total",
      help:
        "Readings whose customer's stored alert state this detector cannot read (another format): no alert input until the state is reset.",
      registers,
    }),
    alertLateReadings: new Counter({
      name: "heartbeat_alert_late_readings_total",
      help: "Readings older than the alert layer's reorder tolerance: stored, but no alert input.",
      registers,
    }),
    batchSize: new Histogram({
      name: "heartbeat_batch_size",
      help: "Records per processed batch.",
      buckets: SIZE_BUCKETS,
      registers,
    }),
    batchWrite: new Histogram({
      name: "heartbeat_batch_write_duration_seconds",
      help: "Duration of one batch's database transaction.",
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    eventToStored: new Histogram({
      name: "heartbeat_event_to_stored_seconds",
      help: "From the record's Kafka timestamp (producer send time) to its transaction's commit.",
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    eventToAnomaly: new Histogram({
      name: "heartbeat_event_to_anomaly_seconds",
      help: "From the record's Kafka timestamp to the anomaly's commit.",
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    ...routingMetrics(registers),
    storedLag: new Gauge({
      name: "heartbeat_checkpoint_lag",
      help:
        "Records on the broker that this group has not committed to PostgreSQL yet (end offsets minus checkpoints, all partitions), from the health probe.",
      registers,
    }),
    pausedSeconds: new Counter({
      name: "heartbeat_paused_seconds_total",
      help: "Time spent with consumption paused for backpressure or database outages.",
      registers,
    }),
  };
  new Gauge({
    name: "heartbeat_process_resident_memory_bytes",
    help: "Resident set size of the process (Deno.memoryUsage().rss).",
    registers,
    collect() {
      this.set(Deno.memoryUsage().rss);
    },
  });
  new Gauge({
    name: "heartbeat_process_heap_used_bytes",
    help: "V8 heap in use (Deno.memoryUsage().heapUsed).",
    registers,
    collect() {
      this.set(Deno.memoryUsage().heapUsed);
    },
  });
  return metrics;
}

/** The metrics of one service. */
export type Metrics = ReturnType<typeof createMetrics>;
