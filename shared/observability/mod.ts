/** Observability: structured logs, the metric catalogue, the /metrics + /healthz endpoint. */
export {
  createLogger,
  LOG_LEVELS,
  type LogFields,
  type Logger,
  type LogLevel,
  type LogSink,
} from "./logger.ts";
export { createMetrics, type Metrics, routingMetrics } from "./metrics.ts";
export { createOpsHandler, type HealthCheck, type OpsDeps, serveOps } from "./ops_server.ts";
