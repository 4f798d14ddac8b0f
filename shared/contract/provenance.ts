import { z } from "zod";

/**
 * Where a Kafka record came from: enough to find it again and to dedupe by. Key and value
 * are capped (1 KiB, 64 KiB) so a routed message always fits the broker's message limit;
 * the topic, partition and offset find the full original while Kafka retains it.
 */
export const ProvenanceSchema = z.strictObject({
  topic: z.string().min(1),
  partition: z.int().min(0),
  offset: z.string().regex(/^\d+$/, "a Kafka offset as a decimal string"),
  timestamp: z.iso.datetime().describe("The record's Kafka timestamp."),
  key_b64: z.string().nullable().describe(
    "The record key, base64 (its first 1 KiB when key_truncated); null when the record had none.",
  ),
  key_truncated: z.boolean().describe("True when the key was longer than 1 KiB."),
  value_b64: z.string().nullable().describe(
    "The record value exactly as received, base64 (it may not be UTF-8); its first 64 KiB when value_truncated.",
  ),
  value_size: z.int().min(0).describe("Length of the original value in bytes."),
  value_truncated: z.boolean().describe("True when the value was longer than 64 KiB."),
}).describe("Provenance of a Kafka record.");

/** Provenance of a Kafka record. */
export type Provenance = z.infer<typeof ProvenanceSchema>;
