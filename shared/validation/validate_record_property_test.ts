/**
 * Property tests: whatever the bytes, validateRecord returns (never throws) either a valid
 * verdict whose event satisfies the contract, or a known reason code with a short message.
 * The generator is seeded, so a failure names the seed and case that reproduce it.
 */
import assert from "node:assert/strict";
import { HeartbeatEventSchema, REASON_CODES } from "../contract/mod.ts";
import { validateRecord } from "./validate_record.ts";
import type { RecordBytes } from "./verdict.ts";
import { config, jsonRecord, NOW_MS, reading, textRecord } from "./_test_support.ts";

const KNOWN_REASONS: ReadonlySet<string> = new Set(REASON_CODES);
const CASES = 3000;

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkVerdict(record: RecordBytes, label: string, limits = config) {
  let verdict;
  try {
    verdict = validateRecord(record, limits, NOW_MS);
  } catch (error) {
    assert.fail(`${label}: threw ${error}`);
  }
  if (verdict.valid) {
    assert.ok(HeartbeatEventSchema.safeParse(verdict.event).success, `${label}: event`);
    assert.ok(verdict.event.heart_rate >= limits.heartRateMin, label);
    assert.ok(verdict.event.heart_rate <= limits.heartRateMax, label);
  } else {
    assert.ok(KNOWN_REASONS.has(verdict.reason), `${label}: reason ${verdict.reason}`);
    assert.ok(verdict.message.length > 0 && verdict.message.length <= 200, `${label}: message`);
  }
  return verdict;
}

function randomBytes(next: () => number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(next() * 256);
  return bytes;
}

const ATOMS: unknown[] = [
  null,
  true,
  0,
  -0,
  72,
  72.5,
  1e20,
  -1,
  "",
  "72",
  "__proto__",
  "2026-11-24T11:59:00Z",
  reading.event_id,
  "é\u0000\ud800",
];
const NAMES = [
  ...Object.keys(reading),
  "device_id",
  "battery_pct",
  "rr_intervals_ms",
  "__proto__",
  "constructor",
];

/** Sets an own property, even "__proto__" (plain assignment would touch the prototype). */
function setOwn(object: Record<string, unknown>, name: string, value: unknown) {
  Object.defineProperty(object, name, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function randomJson(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth <= 0 || pick < 0.5) return ATOMS[Math.floor(next() * ATOMS.length)];
  if (pick < 0.7) {
    return Array.from({ length: Math.floor(next() * 4) }, () => randomJson(next, depth - 1));
  }
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 5); i > 0; i--) {
    setOwn(object, NAMES[Math.floor(next() * NAMES.length)]!, randomJson(next, depth - 1));
  }
  return object;
}

/** The valid reading with one to three fields replaced by junk or removed. */
function mutatedReading(next: () => number): string {
  const object: Record<string, unknown> = { ...reading };
  for (let i = 1 + Math.floor(next() * 3); i > 0; i--) {
    const name = NAMES[Math.floor(next() * NAMES.length)]!;
    if (next() < 0.2) delete object[name];
    else setOwn(object, name, randomJson(next, 3));
  }
  return JSON.stringify(object);
}

Deno.test("validateRecord: random bytes never throw and yield a known reason", () => {
  const next = prng(1);
  for (let i = 0; i < CASES; i++) {
    const value = next() < 0.05 ? null : randomBytes(next, Math.floor(next() * 200));
    const key = next() < 0.2 ? null : randomBytes(next, Math.floor(next() * 20));
    checkVerdict({ key, value }, `bytes case ${i}`);
  }
});

Deno.test("validateRecord: random JSON never throws and yields a known reason", () => {
  const next = prng(2);
  for (let i = 0; i < CASES; i++) {
    checkVerdict(jsonRecord(randomJson(next, 4)), `json case ${i}`);
  }
});

Deno.test("validateRecord: mutated readings never throw and yield a known reason", () => {
  const next = prng(3);
  const reasons = new Set<string>();
  for (let i = 0; i < CASES; i++) {
    const verdict = checkVerdict(textRecord(mutatedReading(next)), `mutated case ${i}`);
    reasons.add(verdict.valid ? "valid" : verdict.reason);
  }
  // The generator reaches the field checks, not just the cheap ones.
  for (const reason of ["MISSING_FIELD", "UNKNOWN_FIELD", "WRONG_TYPE"]) {
    assert.ok(reasons.has(reason), `mutations reach ${reason}`);
  }
});

Deno.test("validateRecord: corrupted JSON text never throws and yields a known reason", () => {
  const next = prng(4);
  const encoded = new TextEncoder().encode(JSON.stringify(reading));
  for (let i = 0; i < CASES; i++) {
    const value = encoded.slice(0, Math.floor(next() * (encoded.length + 1)));
    for (let flips = Math.floor(next() * 3); flips > 0; flips--) {
      value[Math.floor(next() * value.length)] = Math.floor(next() * 256);
    }
    checkVerdict({ key: encoded.subarray(15, 25), value }, `corrupted case ${i}`);
  }
});

Deno.test("validateRecord: deeply nested junk is refused without a stack overflow", () => {
  const roomy = { ...config, maxMessageBytes: 10_000_000 };
  const depth = 1_000_000;
  const cases = [
    "[".repeat(depth) + "]".repeat(depth),
    '{"a":'.repeat(depth) + "1" + "}".repeat(depth),
    `{"schema_version":1,"heart_rate":${"[".repeat(depth)}${"]".repeat(depth)}}`,
    "[".repeat(depth),
  ];
  for (const [i, text] of cases.entries()) {
    checkVerdict(textRecord(text), `nested case ${i}`, roomy);
  }
});
