/**
 * A seeded corpus of hostile raw records for the pipeline (fast-check arbitraries): valid
 * readings, and every kind of damage the reliability issue lists — malformed and truncated
 * JSON, invalid UTF-8, wrong types, NaN/Infinity/numbers as strings, negative and absurd
 * rates, missing and extra fields, unknown schema_version, far-future and far-past times,
 * missing key, key ≠ customer_id, values near the size limit, and event ids repeated with
 * the same or different content. Times stay far from the validation boundaries, so the
 * verdicts do not depend on when the consumer reads them.
 */
import fc from "fast-check";

/** One generated record. */
export interface FuzzRecord {
  readonly key: string | null;
  readonly value: Uint8Array;
}

const encoder = new TextEncoder();
const HOUR = 3_600_000;

/** Generates `count` records from `seed` (the same seed gives the same corpus). */
export function fuzzCorpus(
  prefix: string,
  count: number,
  seed: number,
  nowMs: number,
): FuzzRecord[] {
  const customers = Array.from({ length: 40 }, (_, i) => `${prefix}-c${i}`);
  const customer = fc.constantFrom(...customers);
  const validEvent = fc.record({
    event_id: fc.uuid({ version: 4 }),
    customer_id: customer,
    event_time: fc.integer({ min: 1, max: 48 * 60 }).map((minutesAgo) =>
      new Date(nowMs - minutesAgo * 60_000).toISOString()
    ),
    heart_rate: fc.integer({ min: 20, max: 250 }),
    schema_version: fc.constant(1),
  });
  const hostileValue = fc.oneof(
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.double({ noNaN: false }),
    fc.constantFrom("NaN", "Infinity", "-Infinity", "72", "", " ", "null", "1e400"),
    fc.string({ maxLength: 20 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
  );
  const field = fc.constantFrom(
    "event_id",
    "customer_id",
    "event_time",
    "heart_rate",
    "schema_version",
  );
  const mutated = fc.tuple(
    validEvent,
    fc.nat(5),
    field,
    hostileValue,
    fc.string({ minLength: 1, maxLength: 12 }),
  ).map(
    ([event, how, name, value, extraName]) => {
      const copy: Record<string, unknown> = { ...event };
      if (how === 0) delete copy[name];
      else if (how === 1) copy[extraName === "device_id" ? "x" : extraName] = value;
      // A string customer id keeps this run's prefix, so runs never see each other's events.
      else if (how === 2) {
        copy[name] = name === "customer_id" && typeof value === "string"
          ? `${prefix}-${value}`
          : value;
      } else if (how === 3) {
        copy.heart_rate = [-5, 0, 19, 251, 999, 72.5, 1e9][event.heart_rate % 7];
      } else if (how === 4) {
        copy.event_time = new Date(nowMs + (event.heart_rate % 2 ? 30 * 24 : -40 * 24) * HOUR)
          .toISOString();
      } else copy.schema_version = [0, 3, "1", 1.5][event.heart_rate % 4]; // 2 is a version now
      return copy;
    },
  );
  const keyed = (event: Record<string, unknown>, keyChoice: number): FuzzRecord => ({
    key: keyChoice === 0
      ? null
      : keyChoice === 1
      ? customers[(customers.indexOf(String(event.customer_id)) + 1) % customers.length]!
      : typeof event.customer_id === "string"
      ? event.customer_id
      : "k",
    value: encoder.encode(JSON.stringify(event)),
  });
  const record: fc.Arbitrary<FuzzRecord> = fc.oneof(
    { weight: 40, arbitrary: validEvent.map((e) => keyed(e, 2)) },
    { weight: 25, arbitrary: mutated.map((e) => keyed(e, 2)) },
    { weight: 5, arbitrary: fc.tuple(validEvent, fc.nat(1)).map(([e, k]) => keyed(e, k)) },
    {
      weight: 8,
      arbitrary: fc.tuple(validEvent, fc.nat(100)).map(([e, cut]) => ({
        key: e.customer_id,
        value: encoder.encode(
          JSON.stringify(e).slice(0, Math.floor((cut / 101) * JSON.stringify(e).length)),
        ),
      })),
    },
    {
      weight: 8,
      arbitrary: fc.tuple(customer, fc.uint8Array({ maxLength: 200 })).map(([k, bytes]) => ({
        key: k,
        value: bytes,
      })),
    },
    {
      weight: 4,
      arbitrary: fc.tuple(customer, fc.jsonValue()).map(([k, v]) => ({
        key: k,
        value: encoder.encode(JSON.stringify(v) ?? "null"),
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(validEvent, fc.constantFrom(65_000, 65_536, 65_537, 200_000, 900_000))
        .map(([e, size]) => {
          const text = JSON.stringify(e);
          return {
            key: e.customer_id,
            value: encoder.encode(
              "{" + " ".repeat(Math.max(0, size - text.length)) + text.slice(1),
            ),
          };
        }),
    },
  );
  const base = fc.sample(record, { seed, numRuns: count });
  // Repeat some valid events: half identically (a re-delivery), half with another rate.
  const decoder = new TextDecoder();
  for (let i = 0; i < base.length; i += 25) {
    const source = base[(i * 7919) % base.length]!;
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(decoder.decode(source.value));
    } catch {
      continue;
    }
    if (typeof parsed !== "object" || parsed === null || typeof parsed.heart_rate !== "number") {
      continue;
    }
    if (i % 50 === 0) parsed.heart_rate = parsed.heart_rate === 100 ? 101 : 100;
    base[i] = { key: source.key, value: encoder.encode(JSON.stringify(parsed)) };
  }
  return base;
}
