import assert from "node:assert/strict";
import { DlqEventSchema, InvalidEventSchema } from "../../shared/contract/mod.ts";
import { decodeBase64 } from "../../shared/encoding/base64.ts";
import {
  dlqMessage,
  invalidMessage,
  ROUTED_KEY_MAX_BYTES,
  ROUTED_VALUE_MAX_BYTES,
} from "./routing.ts";

const at = new Date("2026-01-01T00:00:00Z");
const record = (key: Uint8Array | null, value: Uint8Array | null) => ({
  offset: 41n,
  key,
  value,
  timestampMs: at.getTime(),
});

Deno.test("invalidMessage: carries the exact original bytes, provenance and reason, valid per the contract", () => {
  const value = new Uint8Array([0xff, 0xfe, 0x7b]);
  const message = invalidMessage(
    { topic: "raw", partition: 3, record: record(new TextEncoder().encode("c1"), value) },
    "INVALID_UTF8",
    "bad bytes",
    "g",
    at,
  );
  const event = InvalidEventSchema.parse(JSON.parse(message.value));
  assert.deepEqual(decodeBase64(event.source.value_b64!), value);
  assert.deepEqual({ ...event.source, value_b64: undefined, key_b64: undefined }, {
    topic: "raw",
    partition: 3,
    offset: "41",
    timestamp: at.toISOString(),
    key_b64: undefined,
    key_truncated: false,
    value_b64: undefined,
    value_size: 3,
    value_truncated: false,
  });
  assert.deepEqual(message.key, new TextEncoder().encode("c1"));
});

Deno.test("routing: an oversized value or key is capped so the routed message always fits the broker", () => {
  const huge = new Uint8Array(900_000).fill(0x20);
  const longKey = new Uint8Array(5000).fill(0x41);
  const message = invalidMessage(
    { topic: "raw", partition: 0, record: record(longKey, huge) },
    "PAYLOAD_TOO_LARGE",
    "too big",
    "g",
    at,
  );
  assert.ok(message.value.length < 200_000, `routed message is ${message.value.length} bytes`);
  const event = InvalidEventSchema.parse(JSON.parse(message.value));
  assert.equal(decodeBase64(event.source.value_b64!).length, ROUTED_VALUE_MAX_BYTES);
  assert.equal(event.source.value_size, 900_000);
  assert.equal(event.source.value_truncated, true);
  assert.equal(decodeBase64(event.source.key_b64!).length, ROUTED_KEY_MAX_BYTES);
  assert.equal(event.source.key_truncated, true);
  assert.equal(message.key, "raw/0/41", "a key too long to reuse is replaced by the provenance");
});

Deno.test("dlqMessage: a record without key or value still yields a valid dead-letter message", () => {
  const message = dlqMessage(
    { topic: "raw", partition: 1, record: record(null, null) },
    { name: "PostgresError", message: "x", code: "22021" },
    3,
    "g",
    at,
  );
  const event = DlqEventSchema.parse(JSON.parse(message.value));
  assert.equal(event.attempts, 3);
  assert.equal(event.source.value_b64, null);
  assert.equal(message.key, "raw/1/41");
});
