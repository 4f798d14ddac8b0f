/**
 * The fast path changes speed, never verdicts: over generated readings near and across the
 * contract's edges — both schema versions, with and without beat-to-beat intervals, good and
 * bad interval arrays — `validateRecord` (fast path first) returns exactly what
 * `validateRecordReference` (zod alone) returns, and whenever the fast path accepts an
 * object, zod accepts it too and yields the same event.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { HeartbeatEventSchema } from "../contract/mod.ts";
import { fastParseReading } from "./_fast_path.ts";
import { validateRecord, validateRecordReference } from "./validate_record.ts";
import { config, jsonRecord, NOW_MS } from "./_test_support.ts";

const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-fA-F]{${n}}$`));
const uuidLike = fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((p) => p.join("-"));
// Each field is mostly valid (weight 8) so that whole readings often are, and sometimes
// anything else.
const mostly = <T, U>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: valid, weight: 8 }, { arbitrary: other, weight: 1 });
const eventId = mostly(
  fc.uuid(),
  fc.oneof(
    uuidLike,
    fc.constantFrom(
      "00000000-0000-0000-0000-000000000000",
      "ffffffff-ffff-ffff-ffff-ffffffffffff",
      "6F1C2A3B-1D2E-4F5A-8B9C-0D1E2F3A4B5C",
      "6f1c2a3b-1d2e-0f5a-8b9c-0d1e2f3a4b5c",
      "6f1c2a3b1d2e4f5a8b9c0d1e2f3a4b5c",
    ),
    fc.string(),
    fc.integer(),
  ),
);
const customerId = mostly(
  fc.stringMatching(/^[!-~]{1,64}$/),
  fc.oneof(
    fc.constantFrom("", " ", "cust 1", "x".repeat(64), "x".repeat(65), "kund-ü", "cust-\u0000"),
    fc.integer(),
  ),
);
const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const datetime = fc.record({
  year: fc.integer({ min: 1999, max: 2030 }),
  month: fc.integer({ min: 0, max: 13 }),
  day: fc.integer({ min: 0, max: 32 }),
  hour: fc.integer({ min: 0, max: 24 }),
  minute: fc.integer({ min: 0, max: 60 }),
  second: fc.integer({ min: 0, max: 60 }),
  fraction: fc.constantFrom("", ".2", ".250", ".123456789", "."),
  zone: fc.constantFrom("Z", "Z", "Z", "z", "+00:00", "+01:00", ""),
  seconds: fc.boolean(),
}).map((t) =>
  `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}` +
  `${t.seconds ? `:${pad(t.second)}${t.fraction}` : ""}${t.zone}`
);
const eventTime = mostly(
  fc.date({ min: new Date("2026-01-01"), max: new Date("2026-12-31"), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.oneof(
    datetime,
    fc.constantFrom("2024-02-29T10:00:00Z", "2026-02-29T10:00:00Z", "2026-11-24", "yesterday"),
    fc.integer(),
  ),
);
const heartRate = mostly(
  fc.integer({ min: -10, max: 300 }),
  fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(2 ** 53, 72.5, "72", null),
  ),
);
const optionalText = mostly(
  fc.option(fc.string({ minLength: 1, maxLength: 128 }), { nil: undefined }),
  fc.oneof(fc.constant(""), fc.constant("d".repeat(129)), fc.integer()),
);
// Beat-to-beat intervals: mostly within the contract (0-32 whole ms, 100..10000), otherwise
// just across each bound, of the wrong type, or not an array at all.
const goodRr = fc.array(fc.integer({ min: 100, max: 10_000 }), { maxLength: 32 });
const rrIntervals = mostly(
  goodRr,
  fc.oneof(
    // One bad entry among good ones: the case a loose bound in the fast path would miss.
    fc.tuple(
      goodRr,
      fc.constantFrom(0, 99, 10_001, 812.5, -800, "812", null, 2 ** 53),
      fc.nat(),
    ).map(([good, bad, at]) => (good as unknown[]).toSpliced(at % (good.length + 1), 0, bad)),
    fc.array(fc.integer({ min: 100, max: 10_000 }), { minLength: 33, maxLength: 40 }),
    fc.array(fc.integer({ min: -5, max: 12_000 }), { minLength: 1, maxLength: 5 }),
    fc.array(
      fc.oneof(
        fc.integer({ min: 100, max: 10_000 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom(99, 100, 10_000, 10_001, 812.5, -0, "812", null, [800], 2 ** 53),
      ),
      { minLength: 1, maxLength: 6 },
    ),
    fc.constantFrom(null, "812,830", 812, { 0: 812 }, true),
  ),
);
const reading = fc.record({
  event_id: eventId,
  customer_id: customerId,
  event_time: eventTime,
  heart_rate: heartRate,
  schema_version: mostly(fc.constantFrom(1, 2, 2), fc.constantFrom(0, 3, "1", "2", 1.5)),
  device_id: optionalText,
  device_model: optionalText,
  battery_pct: fc.option(
    fc.oneof(
      fc.integer({ min: -5, max: 105 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    ),
    { nil: undefined },
  ),
  rr_intervals_ms: fc.option(rrIntervals, { nil: undefined, freq: 2 }),
  extra: mostly(
    fc.constant(undefined),
    fc.constantFrom("foo", "__proto__", "constructor", "toString"),
  ),
}, { requiredKeys: ["event_id", "customer_id", "event_time", "heart_rate", "schema_version"] })
  .map(({ extra, ...fields }) => {
    const object: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) object[k] = v;
    return extra ? JSON.parse(JSON.stringify(object).replace(/^\{/, `{"${extra}":1,`)) : object;
  });

Deno.test("fast path: verdicts identical to zod alone, over 20,000 generated readings", () => {
  let fast = 0;
  let fastWithRr = 0;
  const reasons = new Set<string>();
  fc.assert(
    fc.property(reading, fc.boolean(), (object, keyed) => {
      const key = keyed && typeof object.customer_id === "string" ? object.customer_id : "other";
      const record = jsonRecord(object, key);
      const verdict = validateRecord(record, config, NOW_MS);
      assert.deepEqual(verdict, validateRecordReference(record, config, NOW_MS));
      if (Object.hasOwn(object, "rr_intervals_ms")) {
        reasons.add(verdict.valid ? `valid v${verdict.event.schema_version}` : verdict.reason);
      }
      const parsed = JSON.parse(JSON.stringify(object));
      const event = fastParseReading(parsed);
      if (event !== undefined) {
        fast++;
        if (Object.hasOwn(event, "rr_intervals_ms")) fastWithRr++;
        const zod = HeartbeatEventSchema.safeParse(parsed);
        assert.ok(
          zod.success,
          `the fast path accepted what zod refuses: ${JSON.stringify(parsed)}`,
        );
        assert.deepEqual(event, zod.data);
      }
    }),
    { numRuns: 20_000, seed: 20261124 },
  );
  assert.ok(fast > 1000, `only ${fast} generated readings took the fast path: the input is off`);
  assert.ok(fastWithRr > 500, `only ${fastWithRr} readings with intervals took the fast path`);
  // Readings with intervals reach every outcome: valid v2, v1 refusing the field, bad arrays.
  for (const outcome of ["valid v2", "UNKNOWN_FIELD", "WRONG_TYPE"]) {
    assert.ok(reasons.has(outcome), `no reading with intervals ended as ${outcome}`);
  }
});

Deno.test("fast path: hands edge cases to zod rather than deciding them", () => {
  const base = {
    event_id: "6f1c2a3b-1d2e-4f5a-8b9c-0d1e2f3a4b5c",
    customer_id: "cust-1",
    event_time: "2026-11-24T11:59:00.250Z",
    heart_rate: 72,
    schema_version: 1,
  };
  assert.deepEqual(fastParseReading(base), base);
  const withRr = { ...base, schema_version: 2, rr_intervals_ms: [100, 812, 10_000] };
  assert.deepEqual(fastParseReading(withRr), withRr);
  for (
    const odd of [
      { ...base, event_time: "2024-02-29T10:00:00Z" }, // valid, but left to zod
      { ...base, event_time: "2026-11-24T11:59Z" }, // valid for zod (no seconds)
      { ...base, event_id: "00000000-0000-0000-0000-000000000000" },
      { ...base, heart_rate: 72.5 },
      { ...base, extra: 1 },
      { ...base, device_id: "" },
      { ...base, rr_intervals_ms: [812] }, // version 1 does not define it
      { ...withRr, rr_intervals_ms: [99] },
      { ...withRr, rr_intervals_ms: [10_001] },
      { ...withRr, rr_intervals_ms: [812.5] },
      { ...withRr, rr_intervals_ms: Array.from({ length: 33 }, () => 812) },
      { ...withRr, rr_intervals_ms: null },
      { ...withRr, rr_intervals_ms: "812" },
      JSON.parse('{"__proto__": 1, "heart_rate": 72}'),
    ]
  ) assert.equal(fastParseReading(odd), undefined, JSON.stringify(odd));
});
