/**
 * The event contract: wire formats of every topic, as zod schemas and TypeScript types.
 * Their JSON Schemas are published under `docs/schemas/` (kept in step by a test).
 */
export {
  CustomerIdSchema,
  type HeartbeatEvent,
  HeartbeatEventSchema,
  type HeartbeatEventV1,
  HeartbeatEventV1Schema,
  type HeartbeatEventV2,
  HeartbeatEventV2Schema,
  RR_INTERVALS,
  RrIntervalsSchema,
  SCHEMA_VERSION,
  SCHEMA_VERSION_RR,
  SCHEMA_VERSIONS,
  type SchemaVersion,
} from "./heartbeat_event.ts";
export { type Provenance, ProvenanceSchema } from "./provenance.ts";
export {
  INVALID_REASON_CODES,
  type InvalidEvent,
  InvalidEventSchema,
  type InvalidReasonCode,
  REASON_CODES,
  type ReasonCode,
} from "./invalid_event.ts";
export { type DlqEvent, DlqEventSchema } from "./dlq_event.ts";
export {
  ANOMALY_TYPES,
  type AnomalyEvent,
  AnomalyEventSchema,
  type AnomalyType,
  SEVERITIES,
  type Severity,
} from "./anomaly_event.ts";
export { type AlertEvent, AlertEventSchema } from "./alert_event.ts";

import { z } from "zod";
import { HeartbeatEventSchema } from "./heartbeat_event.ts";
import { InvalidEventSchema } from "./invalid_event.ts";
import { DlqEventSchema } from "./dlq_event.ts";
import { AnomalyEventSchema } from "./anomaly_event.ts";
import { AlertEventSchema } from "./alert_event.ts";

/** The published JSON Schemas, by file name under `docs/schemas/`. */
export function jsonSchemas(): Record<string, unknown> {
  const schemas = {
    "heartbeat_event.schema.json": HeartbeatEventSchema,
    "invalid_event.schema.json": InvalidEventSchema,
    "dlq_event.schema.json": DlqEventSchema,
    "anomaly_event.schema.json": AnomalyEventSchema,
    "alert_event.schema.json": AlertEventSchema,
  };
  return Object.fromEntries(
    Object.entries(schemas).map((
      [file, schema],
    ) => [file, z.toJSONSchema(schema, { target: "draft-2020-12" })]),
  );
}
