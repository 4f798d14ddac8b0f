import assert from "node:assert/strict";
import type { ReasonCode } from "../contract/mod.ts";
import { validateRecord } from "./validate_record.ts";
import type { RecordBytes } from "./verdict.ts";
import { config, jsonRecord, NOW_MS, reading, readingWith, textRecord } from "./_test_support.ts";

const HOUR_MS = 3_600_000;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function assertInvalid(record: RecordBytes, reason: ReasonCode, message: string) {
  const verdict = validateRecord(record, config, NOW_MS);
  assert.deepEqual(verdict, { valid: false, reason, message });
}

function assertValid(record: RecordBytes) {
  const verdict = validateRecord(record, config, NOW_MS);
  assert.equal(verdict.valid, true, verdict.valid ? "" : `${verdict.reason}: ${verdict.message}`);
  return verdict;
}

Deno.test("validateRecord: accepts a plain reading and returns its event time in ms", () => {
  const verdict = assertValid(jsonRecord(reading));
  assert.deepEqual(verdict, {
    valid: true,
    event: reading,
    eventTimeMs: Date.parse(reading.event_time),
  });
});

Deno.test("validateRecord: accepts the optional device fields", () => {
  const full = readingWith({ device_id: "dev-9", device_model: "Pulse 3", battery_pct: 0 });
  assert.deepEqual(assertValid(jsonRecord(full)).event, full);
});

Deno.test("validateRecord: accepts a 48 h old reading (devices sync late)", () => {
  assertValid(jsonRecord(readingWith({ event_time: iso(NOW_MS - 48 * HOUR_MS) })));
});

Deno.test("validateRecord: accepts heart rates 20 and 250, the inclusive bounds", () => {
  assertValid(jsonRecord(readingWith({ heart_rate: 20 })));
  assertValid(jsonRecord(readingWith({ heart_rate: 250 })));
});

Deno.test("validateRecord: accepts a reading ahead of the clock within the allowed skew", () => {
  assertValid(jsonRecord(readingWith({ event_time: iso(NOW_MS + config.maxFutureMs) })));
});

Deno.test("validateRecord: accepts microsecond timestamps and fields in any order", () => {
  const text = '{"schema_version":1,"heart_rate":72,"event_time":"2026-11-24T11:59:00.250123Z",' +
    '"customer_id":"cust-00042","event_id":"6f1c2a3b-1d2e-4f5a-8b9c-0d1e2f3a4b5c"}';
  assert.equal(assertValid(textRecord(text)).eventTimeMs, Date.parse("2026-11-24T11:59:00.250Z"));
});

Deno.test("validateRecord: PAYLOAD_TOO_LARGE for a value above maxMessageBytes", () => {
  const padded = readingWith({ device_model: "x".repeat(config.maxMessageBytes) });
  const record = jsonRecord(padded);
  assertInvalid(
    record,
    "PAYLOAD_TOO_LARGE",
    `value is ${record.value!.byteLength} bytes, above the 65536-byte limit`,
  );
});

Deno.test("validateRecord: EMPTY_PAYLOAD for a tombstone and for zero bytes", () => {
  const key = new TextEncoder().encode(reading.customer_id);
  assertInvalid({ key, value: null }, "EMPTY_PAYLOAD", "value is null (a tombstone)");
  assertInvalid({ key, value: new Uint8Array() }, "EMPTY_PAYLOAD", "value is empty (0 bytes)");
});

Deno.test("validateRecord: INVALID_UTF8 for Latin-1 bytes", () => {
  const latin1 = Uint8Array.from([...'{"device_model":"Caf'].map((c) => c.charCodeAt(0)));
  const value = Uint8Array.from([...latin1, 0xe9, 0x22, 0x7d]); // é as Latin-1, then "}
  assertInvalid({ key: null, value }, "INVALID_UTF8", "value (23 bytes) is not valid UTF-8");
});

Deno.test("validateRecord: INVALID_JSON for a truncated object", () => {
  const verdict = validateRecord(textRecord('{"event_id": "6f1c'), config, NOW_MS);
  assert.equal(verdict.valid, false);
  assert.equal(!verdict.valid && verdict.reason, "INVALID_JSON");
  assert.match(!verdict.valid ? verdict.message : "", /^value is not valid JSON: /);
});

Deno.test("validateRecord: NOT_AN_OBJECT for arrays, null and numbers", () => {
  assertInvalid(
    jsonRecord([reading]),
    "NOT_AN_OBJECT",
    "value must be a JSON object, got an array",
  );
  assertInvalid(textRecord("null"), "NOT_AN_OBJECT", "value must be a JSON object, got null");
  assertInvalid(textRecord("72"), "NOT_AN_OBJECT", "value must be a JSON object, got number 72");
});

Deno.test("validateRecord: UNSUPPORTED_SCHEMA_VERSION before any field check", () => {
  assertInvalid(
    jsonRecord({ event_id: "x", schema_version: 3, bpm: 72 }),
    "UNSUPPORTED_SCHEMA_VERSION",
    "schema_version number 3 is not supported, expected 1 or 2",
  );
  assertInvalid(
    jsonRecord(readingWith({ schema_version: undefined })),
    "UNSUPPORTED_SCHEMA_VERSION",
    "schema_version is missing, expected 1 or 2",
  );
  assertInvalid(
    jsonRecord(readingWith({ schema_version: "1" })),
    "UNSUPPORTED_SCHEMA_VERSION",
    'schema_version string "1" is not supported, expected 1 or 2',
  );
});

Deno.test("validateRecord: MISSING_FIELD names the absent fields, before other problems", () => {
  assertInvalid(
    jsonRecord(readingWith({ heart_rate: undefined })),
    "MISSING_FIELD",
    'missing field "heart_rate"',
  );
  assertInvalid(
    jsonRecord(
      readingWith({ event_id: undefined, event_time: undefined, foo: 1, heart_rate: "7" }),
    ),
    "MISSING_FIELD",
    'missing fields "event_id", "event_time"',
  );
});

Deno.test("validateRecord: UNKNOWN_FIELD names fields schema_version 1 does not define", () => {
  assertInvalid(
    jsonRecord(readingWith({ foo: 1, heart_rate: "72" })),
    "UNKNOWN_FIELD",
    'unknown field "foo"',
  );
  assertInvalid(
    textRecord(JSON.stringify(reading).replace("{", '{"__proto__":{"isAdmin":true},')),
    "UNKNOWN_FIELD",
    'unknown field "__proto__"',
  );
});

Deno.test("validateRecord: WRONG_TYPE names the field, what it must be and what was found", () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ heart_rate: "72" }, 'field "heart_rate" must be an integer, got string "72"'],
    [{ heart_rate: 72.5 }, 'field "heart_rate" must be an integer, got number 72.5'],
    [{ heart_rate: null }, 'field "heart_rate" must be an integer, got null'],
    [{ event_id: "abc" }, 'field "event_id" must be a UUID, got string "abc"'],
    [
      { event_time: "2026-11-24T12:59:00+01:00" },
      'field "event_time" must be an RFC 3339 UTC timestamp like 2026-11-24T10:15:00Z, ' +
      'got string "2026-11-24T12:59:00+01:00"',
    ],
    [
      { customer_id: "cust 42" },
      'field "customer_id" must be 1-64 printable ASCII characters without spaces, ' +
      'got string "cust 42"',
    ],
    [{ battery_pct: 101 }, 'field "battery_pct" must be an integer 0..100, got number 101'],
    [
      { device_id: ["dev-9"] },
      'field "device_id" must be a string of 1-128 characters, got an array',
    ],
  ];
  for (const [changes, message] of cases) {
    assertInvalid(jsonRecord(readingWith(changes)), "WRONG_TYPE", message);
  }
});

Deno.test("validateRecord: WRONG_TYPE for 1e400, which JSON.parse reads as Infinity", () => {
  const text = JSON.stringify(reading).replace('"heart_rate":72', '"heart_rate":1e400');
  assertInvalid(
    textRecord(text),
    "WRONG_TYPE",
    'field "heart_rate" must be an integer, got number Infinity',
  );
});

Deno.test("validateRecord: HEART_RATE_OUT_OF_RANGE for 19, 251 and 1e20", () => {
  for (const [rate, shown] of [[19, "19"], [251, "251"], [1e20, "100000000000000000000"]]) {
    assertInvalid(
      jsonRecord(readingWith({ heart_rate: rate })),
      "HEART_RATE_OUT_OF_RANGE",
      `heart_rate ${shown} is outside 20..250`,
    );
  }
});

Deno.test("validateRecord: EVENT_TIME_IN_FUTURE just beyond the allowed skew", () => {
  const eventTime = iso(NOW_MS + config.maxFutureMs + 1);
  assertInvalid(
    jsonRecord(readingWith({ event_time: eventTime })),
    "EVENT_TIME_IN_FUTURE",
    `event_time "${eventTime}" is 300.001 s ahead of now, above the 300 s limit`,
  );
});

Deno.test("validateRecord: EVENT_TIME_TOO_OLD beyond maxAgeMs (31 days)", () => {
  const eventTime = iso(NOW_MS - 31 * 24 * HOUR_MS);
  assertInvalid(
    jsonRecord(readingWith({ event_time: eventTime })),
    "EVENT_TIME_TOO_OLD",
    `event_time "${eventTime}" is 744 h old, above the 720 h limit`,
  );
});

Deno.test("validateRecord: MISSING_KEY for a null or empty key", () => {
  const message = 'record has no key; expected customer_id "cust-00042"';
  assertInvalid(jsonRecord(reading, null), "MISSING_KEY", message);
  assertInvalid(jsonRecord(reading, ""), "MISSING_KEY", message);
});

Deno.test("validateRecord: KEY_MISMATCH when the key is another customer's id", () => {
  assertInvalid(
    jsonRecord(reading, "cust-00043"),
    "KEY_MISMATCH",
    'key "cust-00043" does not match customer_id "cust-00042"',
  );
  assertInvalid(
    jsonRecord(reading, "cust-0004"),
    "KEY_MISMATCH",
    'key "cust-0004" does not match customer_id "cust-00042"',
  );
});

Deno.test("validateRecord: quotes long values cut short, never the whole payload", () => {
  const verdict = validateRecord(
    jsonRecord(readingWith({ customer_id: "x ".repeat(5000) })),
    config,
    NOW_MS,
  );
  assert.equal(verdict.valid, false);
  assert.ok(!verdict.valid && verdict.message.length < 160, "message is short");
});

Deno.test("validateRecord: honours custom limits from config", () => {
  const strict = { ...config, heartRateMin: 40, heartRateMax: 180, maxMessageBytes: 256 };
  const verdict = validateRecord(jsonRecord(readingWith({ heart_rate: 39 })), strict, NOW_MS);
  assert.deepEqual(verdict, {
    valid: false,
    reason: "HEART_RATE_OUT_OF_RANGE",
    message: "heart_rate 39 is outside 40..180",
  });
});
