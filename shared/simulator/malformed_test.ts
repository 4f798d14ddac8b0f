import assert from "node:assert/strict";
import { z } from "zod";
import {
  CustomerIdSchema,
  type HeartbeatEvent,
  HeartbeatEventSchema,
  HeartbeatEventV1Schema,
  REASON_CODES,
  type ReasonCode,
  SCHEMA_VERSIONS,
} from "../contract/mod.ts";
import { type MalformContext, type MalformedRecord, malformRecord } from "./malformed.ts";
import { SIMULATOR_DEFAULTS } from "./options.ts";
import { Prng } from "./prng.ts";

const TS = Date.parse("2026-11-24T10:15:00.250Z");
const EVENT: HeartbeatEvent = {
  event_id: "6f1c2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b",
  customer_id: "cust-000042",
  event_time: new Date(TS).toISOString(),
  heart_rate: 72,
  schema_version: 1,
  device_id: "dev-000042",
};
const CONTEXT: MalformContext = {
  otherCustomerId: "cust-000043",
  limits: SIMULATOR_DEFAULTS.limits,
  timestampMs: TS,
};
const LooseSchema = z.object(HeartbeatEventV1Schema.shape);
/** How many variants each reason has (digits in details are ignored when counting). */
const VARIANTS: Partial<Record<ReasonCode, number>> = {
  INVALID_UTF8: 7,
  INVALID_JSON: 4,
  NOT_AN_OBJECT: 4,
  MISSING_FIELD: 3,
  UNKNOWN_FIELD: 4,
  WRONG_TYPE: 5,
};
const REQUIRED = ["event_id", "customer_id", "event_time", "heart_rate", "schema_version"];

function text(record: MalformedRecord): string {
  return new TextDecoder("utf-8", { fatal: true }).decode(record.value);
}

function parsed(record: MalformedRecord): Record<string, unknown> {
  const value = JSON.parse(text(record));
  assert.ok(value !== null && typeof value === "object" && !Array.isArray(value));
  return value;
}

/** Asserts the record is broken in the way `reason` names, and in no other way. */
function assertBrokenAs(reason: ReasonCode, record: MalformedRecord): void {
  const { heartRateMin, heartRateMax, maxMessageBytes, maxFutureMs, maxAgeMs } = CONTEXT.limits;
  if (reason !== "MISSING_KEY" && reason !== "KEY_MISMATCH") {
    assert.equal(record.key, "cust-000042");
  }
  switch (reason) {
    case "EMPTY_PAYLOAD":
      return assert.equal(record.value.length, 0);
    case "INVALID_UTF8":
      assert.throws(() => text(record), TypeError);
      return;
    case "INVALID_JSON":
      assert.throws(() => JSON.parse(text(record)), SyntaxError);
      return;
    case "NOT_AN_OBJECT": {
      const value = JSON.parse(text(record));
      return assert.ok(value === null || typeof value !== "object" || Array.isArray(value));
    }
    case "UNSUPPORTED_SCHEMA_VERSION": {
      const fields = parsed(record);
      assert.ok(typeof fields.schema_version === "number" && fields.schema_version !== 1);
      assert.ok(HeartbeatEventSchema.safeParse({ ...fields, schema_version: 1 }).success);
      return;
    }
    case "MISSING_FIELD": {
      const fields = parsed(record);
      const missing = REQUIRED.filter((name) => !(name in fields));
      assert.equal(missing.length, 1);
      assert.notEqual(missing[0], "schema_version");
      assert.ok(HeartbeatEventV1Schema.omit({ [missing[0]!]: true }).safeParse(fields).success);
      return;
    }
    case "UNKNOWN_FIELD": {
      const fields = parsed(record);
      assert.ok(!HeartbeatEventSchema.safeParse(fields).success);
      assert.ok(LooseSchema.safeParse(fields).success, "only the extra field is wrong");
      return;
    }
    case "WRONG_TYPE": {
      const fields = parsed(record);
      assert.ok(REQUIRED.every((name) => name in fields));
      assert.equal(fields.schema_version, 1);
      const result = HeartbeatEventSchema.safeParse(fields);
      assert.ok(!result.success);
      assert.ok(result.error.issues.every((i) => i.code !== "unrecognized_keys"));
      return;
    }
    case "HEART_RATE_OUT_OF_RANGE": {
      const event = HeartbeatEventSchema.parse(parsed(record));
      assert.ok(event.heart_rate < heartRateMin || event.heart_rate > heartRateMax);
      return;
    }
    case "EVENT_TIME_IN_FUTURE": {
      const event = HeartbeatEventSchema.parse(parsed(record));
      assert.ok(Date.parse(event.event_time) > TS + maxFutureMs);
      return;
    }
    case "EVENT_TIME_TOO_OLD": {
      const event = HeartbeatEventSchema.parse(parsed(record));
      assert.ok(Date.parse(event.event_time) < TS - maxAgeMs);
      return;
    }
    case "PAYLOAD_TOO_LARGE":
      assert.ok(record.value.length > maxMessageBytes);
      assert.deepEqual(HeartbeatEventSchema.parse(parsed(record)), EVENT);
      return;
    case "MISSING_KEY":
      assert.equal(record.key, null);
      assert.deepEqual(HeartbeatEventSchema.parse(parsed(record)), EVENT);
      return;
    case "KEY_MISMATCH":
      assert.ok(record.key !== null && CustomerIdSchema.safeParse(record.key).success);
      assert.notEqual(record.key, EVENT.customer_id);
      assert.deepEqual(HeartbeatEventSchema.parse(parsed(record)), EVENT);
      return;
  }
}

for (const reason of REASON_CODES) {
  Deno.test(`malformRecord: every ${reason} variant is broken in exactly that way`, () => {
    const prng = Prng.fromSeed(reason.length * 31 + reason.charCodeAt(0));
    const details = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const record = malformRecord(reason, EVENT, prng, CONTEXT);
      details.add(record.detail.replace(/\d+/g, "N"));
      try {
        assertBrokenAs(reason, record);
      } catch (error) {
        throw new Error(`${reason} (${record.detail}) is not broken as expected`, { cause: error });
      }
    }
    assert.equal(details.size, VARIANTS[reason] ?? 1, [...details].join(" | "));
  });
}

Deno.test("malformRecord: an event without device_id still yields invalid UTF-8", () => {
  const { device_id: _, ...bare } = EVENT;
  const prng = Prng.fromSeed(5);
  for (let i = 0; i < 50; i++) {
    assertBrokenAs("INVALID_UTF8", malformRecord("INVALID_UTF8", bare, prng, CONTEXT));
  }
});

Deno.test("malformRecord: out-of-range rates respect custom limits, also a minimum of 0", () => {
  const prng = Prng.fromSeed(6);
  const limits = { ...CONTEXT.limits, heartRateMin: 0, heartRateMax: 300 };
  for (let i = 0; i < 200; i++) {
    const record = malformRecord("HEART_RATE_OUT_OF_RANGE", EVENT, prng, { ...CONTEXT, limits });
    const rate = parsed(record).heart_rate as number;
    assert.ok(Number.isInteger(rate) && (rate < 0 || rate > 300), `${rate}`);
  }
});

Deno.test("malformRecord: UNSUPPORTED_SCHEMA_VERSION never writes 2, which is now read (regression)", () => {
  const prng = Prng.fromSeed(7);
  for (let i = 0; i < 100; i++) {
    const record = malformRecord("UNSUPPORTED_SCHEMA_VERSION", EVENT, prng, CONTEXT);
    const version = parsed(record).schema_version;
    assert.ok(!(SCHEMA_VERSIONS as readonly unknown[]).includes(version), `${version}`);
    assert.equal(HeartbeatEventSchema.safeParse(parsed(record)).success, false);
  }
});
