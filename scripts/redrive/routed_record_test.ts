import assert from "node:assert/strict";
import { customersOf, decodeRouted, originalOf, type RoutedRecord } from "./routed_record.ts";
import { type Original, reading, routedDlq, routedInvalid } from "./_test_support.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

function decoded(kind: "invalid" | "dlq", value: string): RoutedRecord {
  const result = decodeRouted(kind, bytes(value));
  assert.ok(result.ok, `not decoded: ${JSON.stringify(result)}`);
  return result.record;
}

Deno.test("redrive decoding: an invalid record gives back the original key and value byte for byte, even when not UTF-8", () => {
  const original: Original = { key: bytes("cust-1"), value: new Uint8Array([0xff, 0xfe, 0x7b]) };
  const record = decoded("invalid", routedInvalid(original, "INVALID_UTF8", { offset: 7n }).value);
  assert.equal(record.reason, "INVALID_UTF8");
  assert.deepEqual(originalOf(record.source), { ok: true, ...original });
});

Deno.test("redrive decoding: a record routed without a key gets no key, not the routed message's provenance key", () => {
  const original = reading("cust-1", 300, null);
  const routed = routedInvalid(original, "MISSING_KEY", { offset: 41n, partition: 2 });
  assert.equal(routed.key, "events.raw.v1/2/41");
  const result = originalOf(decoded("invalid", routed.value).source);
  assert.deepEqual(result, { ok: true, key: null, value: original.value });
});

Deno.test("redrive decoding: a DLQ record's reason is the error code, or the error name without one", () => {
  const original = reading("cust-1", 72);
  assert.equal(decoded("dlq", routedDlq(original, "22021", { offset: 1n }).value).reason, "22021");
  assert.equal(
    decoded("dlq", routedDlq(original, undefined, { offset: 1n }).value).reason,
    "PostgresError",
  );
  const record = decoded("dlq", routedDlq(original, "22021", { offset: 1n }).value);
  assert.deepEqual(originalOf(record.source), { ok: true, ...original });
});

Deno.test("redrive decoding: a value cut at 64 KiB, a key cut at 1 KiB and a missing value cannot be redriven", () => {
  const huge = { key: bytes("cust-1"), value: new Uint8Array(70_000).fill(0x20) };
  const longKey = { key: new Uint8Array(2000).fill(0x41), value: bytes("{}") };
  const cases: [Original, string][] = [
    [huge, "VALUE_TRUNCATED"],
    [longKey, "KEY_TRUNCATED"],
    [{ key: bytes("cust-1"), value: null }, "NO_VALUE"],
    [{ key: bytes("cust-1"), value: new Uint8Array(0) }, "NO_VALUE"],
  ];
  for (const [original, reason] of cases) {
    const source =
      decoded("invalid", routedInvalid(original, "EMPTY_PAYLOAD", { offset: 1n }).value)
        .source;
    assert.deepEqual(originalOf(source), { ok: false, reason });
  }
});

Deno.test("redrive decoding: messages that are not routed records per the contract are reported, never thrown", () => {
  const dlq = routedDlq(reading("cust-1"), "22021", { offset: 1n }).value;
  const badBase64 = routedInvalid(reading("c"), "WRONG_TYPE", { offset: 1n }).value
    .replace(/"value_b64":"[^"]*"/, '"value_b64":"not base64!"');
  const cases: [Uint8Array | null, string][] = [
    [null, "no value"],
    [new Uint8Array([0xff]), "not UTF-8 JSON"],
    [bytes('{"schema_version":1}'), "not an InvalidEvent"],
    [bytes(dlq), "not an InvalidEvent"],
    [bytes(badBase64), "source.key_b64 or source.value_b64 is not base64"],
  ];
  for (const [value, problem] of cases) {
    assert.deepEqual(decodeRouted("invalid", value), { ok: false, problem });
  }
});

Deno.test("redrive decoding: the customers of a record are its key and its value's customer_id", () => {
  const mismatched = reading("cust-2", 72, "cust-1");
  const source = (original: Original) =>
    decoded("invalid", routedInvalid(original, "KEY_MISMATCH", { offset: 1n }).value).source;
  assert.deepEqual(customersOf(source(mismatched)), ["cust-1", "cust-2"]);
  assert.deepEqual(customersOf(source(reading("cust-3", 72, null))), ["cust-3"]);
  assert.deepEqual(customersOf(source({ key: bytes("cust-4"), value: bytes("{not json") })), [
    "cust-4",
  ]);
});
