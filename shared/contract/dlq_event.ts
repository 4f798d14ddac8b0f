/**
 * The wire format of `events.dlq.v1`: a valid-looking record whose processing failed
 * after bounded retries (not bad data: a bug or an unexpected failure), kept for replay.
 */
import { z } from "zod";
import { ProvenanceSchema } from "./provenance.ts";

/** A record routed to the dead-letter topic. */
export const DlqEventSchema = z.strictObject({
  schema_version: z.literal(1),
  error: z.strictObject({
    name: z.string(),
    message: z.string(),
    code: z.string().optional(),
  }).describe("The last error."),
  attempts: z.int().min(1).describe("How many times processing was tried."),
  source: ProvenanceSchema,
  consumer_group: z.string(),
  failed_at: z.iso.datetime(),
}).describe("DlqEvent: a record whose processing failed after retries (topic events.dlq.v1).");

/** A record routed to the dead-letter topic. */
export type DlqEvent = z.infer<typeof DlqEventSchema>;
