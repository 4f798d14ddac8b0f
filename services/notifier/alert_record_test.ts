import assert from "node:assert/strict";
import { alertEvent, alertRecord } from "./_test_events.ts";
import { decodeAlertRecord } from "./alert_record.ts";

const reasonOf = (record: Parameters<typeof decodeAlertRecord>[0]) => {
  const verdict = decodeAlertRecord(record);
  return verdict.ok ? "ok" : `${verdict.reason}: ${verdict.message}`;
};

Deno.test("decodeAlertRecord: a transition in the wire format, keyed by its customer, decodes", () => {
  const event = alertEvent();
  assert.deepEqual(decodeAlertRecord(alertRecord(event, 0)), { ok: true, event });
});

Deno.test("decodeAlertRecord: bytes that are not a transition get the invalid topic's reason codes", () => {
  const event = alertEvent();
  const { status: _, ...withoutStatus } = event;
  const cases: [string, ReturnType<typeof alertRecord>, RegExp][] = [
    ["no value", alertRecord(null, 0, "c"), /^EMPTY_PAYLOAD/],
    ["empty value", alertRecord("", 0, "c"), /^EMPTY_PAYLOAD/],
    [
      "not UTF-8",
      { ...alertRecord("x", 0, "c"), value: new Uint8Array([0xff, 0xfe]) },
      /^INVALID_UTF8/,
    ],
    ["not JSON", alertRecord("{nope", 0, "c"), /^INVALID_JSON/],
    ["an array", alertRecord("[1]", 0, "c"), /^NOT_AN_OBJECT/],
    [
      "a heartbeat reading",
      alertRecord(JSON.stringify({ schema_version: 2 }), 0, "c"),
      /^UNSUPPORTED_SCHEMA_VERSION: schema_version must be 1, got 2/,
    ],
    [
      "status missing",
      alertRecord(JSON.stringify(withoutStatus), 0, event.customer_id),
      /^MISSING_FIELD: missing field "status"/,
    ],
    [
      "extra field",
      alertRecord(JSON.stringify({ ...event, extra: 1 }), 0, event.customer_id),
      /^UNKNOWN_FIELD: unknown field "extra"/,
    ],
    [
      "bad status",
      alertRecord(JSON.stringify({ ...event, status: "exploded" }), 0, event.customer_id),
      /^WRONG_TYPE: status: /,
    ],
    [
      "bad alert_id",
      alertRecord(JSON.stringify({ ...event, alert_id: "abc" }), 0, event.customer_id),
      /^WRONG_TYPE: alert_id: /,
    ],
    [
      "seq 0",
      alertRecord(JSON.stringify({ ...event, seq: 0 }), 0, event.customer_id),
      /^WRONG_TYPE: seq: /,
    ],
    ["no key", alertRecord(event, 0, null), /^MISSING_KEY/],
    [
      "another customer's key",
      alertRecord(event, 0, "cust-000002"),
      /^KEY_MISMATCH: key cust-000002 differs from customer_id cust-000001/,
    ],
  ];
  for (const [name, record, expected] of cases) assert.match(reasonOf(record), expected, name);
});
