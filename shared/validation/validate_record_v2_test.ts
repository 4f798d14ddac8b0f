/**
 * Version 2 of the wire format: version 1 plus the optional beat-to-beat intervals
 * `rr_intervals_ms`. Version 1 verdicts stay exactly as they were (validate_record_test.ts);
 * these pin what version 2 adds and how a bad interval array is reported.
 */
import assert from "node:assert/strict";
import { RR_INTERVALS } from "../contract/mod.ts";
import { validateRecord } from "./validate_record.ts";
import { config, jsonRecord, NOW_MS, reading, readingWith } from "./_test_support.ts";

const v2 = (changes: Record<string, unknown> = {}) =>
  readingWith({ schema_version: 2, ...changes });

function verdictOf(object: Record<string, unknown>) {
  return validateRecord(jsonRecord(object), config, NOW_MS);
}

function assertWrongType(object: Record<string, unknown>, message: string) {
  assert.deepEqual(verdictOf(object), { valid: false, reason: "WRONG_TYPE", message });
}

Deno.test("validateRecord v2: a reading without intervals is valid, with no rrIntervalsMs", () => {
  const event = v2();
  assert.deepEqual(verdictOf(event), {
    valid: true,
    event,
    eventTimeMs: Date.parse(reading.event_time),
  });
});

Deno.test("validateRecord v2: intervals are carried through as rrIntervalsMs", () => {
  for (
    const rr of [
      [812, 830],
      [],
      [RR_INTERVALS.minMs, RR_INTERVALS.maxMs],
      Array.from({ length: RR_INTERVALS.maxCount }, (_, i) => 400 + i),
      [6200], // a sinus pause of 6.2 s
    ]
  ) {
    const event = v2({ rr_intervals_ms: rr, device_id: "dev-9" });
    assert.deepEqual(verdictOf(event), {
      valid: true,
      event,
      eventTimeMs: Date.parse(reading.event_time),
      rrIntervalsMs: rr,
    }, JSON.stringify(rr));
  }
});

Deno.test("validateRecord v2: a version 1 reading with intervals is refused as UNKNOWN_FIELD", () => {
  assert.deepEqual(verdictOf(readingWith({ rr_intervals_ms: [800] })), {
    valid: false,
    reason: "UNKNOWN_FIELD",
    message: 'unknown field "rr_intervals_ms"',
  });
});

Deno.test("validateRecord v2: WRONG_TYPE names the bad interval, the count, or the type", () => {
  const cases: [unknown, string][] = [
    [[800, 50], "rr_intervals_ms[1] must be a whole number of ms from 100 to 10000, got number 50"],
    [[99], "rr_intervals_ms[0] must be a whole number of ms from 100 to 10000, got number 99"],
    [
      [800, 900, 10_001],
      "rr_intervals_ms[2] must be a whole number of ms from 100 to 10000, got number 10001",
    ],
    [
      [812.5],
      "rr_intervals_ms[0] must be a whole number of ms from 100 to 10000, got number 812.5",
    ],
    [[-800], "rr_intervals_ms[0] must be a whole number of ms from 100 to 10000, got number -800"],
    [
      [800, "812"],
      'rr_intervals_ms[1] must be a whole number of ms from 100 to 10000, got string "812"',
    ],
    [[null], "rr_intervals_ms[0] must be a whole number of ms from 100 to 10000, got null"],
    [[[800]], "rr_intervals_ms[0] must be a whole number of ms from 100 to 10000, got an array"],
    [
      Array.from({ length: 33 }, () => 800),
      'field "rr_intervals_ms" must hold at most 32 intervals, got 33',
    ],
    [
      null,
      'field "rr_intervals_ms" must be an array of at most 32 whole numbers of ms (100..10000), got null',
    ],
    [
      "812,830",
      'field "rr_intervals_ms" must be an array of at most 32 whole numbers of ms (100..10000), got string "812,830"',
    ],
    [
      { 0: 812 },
      'field "rr_intervals_ms" must be an array of at most 32 whole numbers of ms (100..10000), got an object',
    ],
  ];
  for (const [rr, message] of cases) assertWrongType(v2({ rr_intervals_ms: rr }), message);
});

Deno.test("validateRecord v2: the usual order holds — missing, unknown, wrong type, range", () => {
  assert.deepEqual(verdictOf(v2({ heart_rate: undefined, rr_intervals_ms: [1] })), {
    valid: false,
    reason: "MISSING_FIELD",
    message: 'missing field "heart_rate"',
  });
  assert.deepEqual(verdictOf(v2({ spo2: 97, rr_intervals_ms: [1] })), {
    valid: false,
    reason: "UNKNOWN_FIELD",
    message: 'unknown field "spo2"',
  });
  // A bad interval array is a schema problem: reported before the heart rate's range.
  assertWrongType(
    v2({ heart_rate: 300, rr_intervals_ms: [1] }),
    "rr_intervals_ms[0] must be a whole number of ms from 100 to 10000, got number 1",
  );
  assert.deepEqual(verdictOf(v2({ heart_rate: 300, rr_intervals_ms: [200] })), {
    valid: false,
    reason: "HEART_RATE_OUT_OF_RANGE",
    message: "heart_rate 300 is outside 20..250",
  });
});

Deno.test("validateRecord v2: the key and time checks apply unchanged", () => {
  const verdict = validateRecord(
    jsonRecord(v2({ rr_intervals_ms: [800] }), "other"),
    config,
    NOW_MS,
  );
  assert.deepEqual(verdict, {
    valid: false,
    reason: "KEY_MISMATCH",
    message: 'key "other" does not match customer_id "cust-00042"',
  });
});
