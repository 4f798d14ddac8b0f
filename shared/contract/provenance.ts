import { z } from "zod";

/** Where a Kafka record came from: enough to find it again and to dedupe by. */
export const ProvenanceSchema = z.strictObject({
  topic: z.string().min(1),
  partition: z.int().min(0),
  offset: z.string().regex(/^\d+$/, "a Kafka offset as a decimal string"),
  timestamp: z.iso.datetime().describe("The record's Kafka timestamp."),
  key_b64: z.string().nullable().describe("The record key, base64; null when the record had none."),
  value_b64: z.string().nullable().describe(
    "The record value exactly as received, base64 (it may not be UTF-8).",
  ),
}).describe("Provenance of a Kafka record.");

/** Provenance of a Kafka record. */
export type Provenance = z.infer<typeof ProvenanceSchema>;
