/**
 * The wire format of `alerts.v1` (keyed by customer_id): one message per alert
 * transition (opened as pending, firing, resolved). Acknowledgements are not transitions:
 * they live in the `alerts` table only (docs/decisions.md D21). `(alert_id, seq)` is
 * unique, so consumers (the notifier's webhook, dashboards) drop repeats of a transition
 * that a crash made the detector publish twice.
 */
import { z } from "zod";
import { ALERT_PRIORITIES, ALERT_RULES, ALERT_STATUSES } from "../alerts/types.ts";
import { CustomerIdSchema } from "./heartbeat_event.ts";

/** An alert transition as published. */
export const AlertEventSchema = z.strictObject({
  schema_version: z.literal(1),
  alert_id: z.uuid().describe(
    "UUIDv5 of (customer_id, rule, opened_at): reprocessing the same readings gives the same id.",
  ),
  seq: z.int().min(1).describe("1 for the opening transition, +1 per transition of the alert."),
  customer_id: CustomerIdSchema,
  rule: z.enum(ALERT_RULES),
  priority: z.enum(ALERT_PRIORITIES),
  from_status: z.enum(ALERT_STATUSES).nullable(),
  status: z.enum(ALERT_STATUSES),
  flapping: z.boolean(),
  value: z.number().nullable().describe("The figure that decided (bpm, irregularity, …)."),
  threshold: z.number().nullable(),
  reason: z.string().describe("One sentence a person understands."),
  opened_at: z.iso.datetime().describe("Event time the episode began."),
  at: z.iso.datetime().describe("Event time of this transition (NO_DATA: the wall clock)."),
  detected_at: z.iso.datetime().describe("When the detector emitted it."),
}).describe("AlertEvent: one transition of an alert (topic alerts.v1, key = customer_id).");

/** An alert transition as published. */
export type AlertEvent = z.infer<typeof AlertEventSchema>;
