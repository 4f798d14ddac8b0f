import assert from "node:assert/strict";
import { AlertEventSchema } from "../contract/alert_event.ts";
import { ALERT_STATE_BYTES, createAlertEngine } from "./alert_engine.ts";
import { alertId } from "./alert_id.ts";
import { Customer, DEFAULTS, run, T0 } from "./_test_support.ts";
import { LAYOUT_END, OFF_FLAP, OFF_HR, OFF_STATUS, OFF_VERSION } from "./_state_layout.ts";
import type { AlertTransition } from "./types.ts";

/** 20 s at 70, then LOW, SPIKE, HIGH and EXTREME_HIGH episodes with recoveries: 200 readings. */
const STORY = [
  ...run(20, 70),
  ...run(12, 45),
  ...run(20, 75),
  ...run(20, 115),
  ...run(12, 145),
  ...run(20, 80),
  ...run(5, 165),
  ...run(91, 80),
];

function feed(customer: Customer, rates: readonly number[], from = 0): Customer {
  return customer.series(from, rates);
}

Deno.test("alert engine: a state record is at most 112 bytes, zero-initialised, its fields inside", () => {
  assert.ok(ALERT_STATE_BYTES <= 112);
  assert.ok(LAYOUT_END <= ALERT_STATE_BYTES);
  assert.deepEqual([OFF_HR, OFF_STATUS, OFF_VERSION, OFF_FLAP, LAYOUT_END], [16, 48, 59, 88, 111]);
  const customer = feed(new Customer(), STORY);
  assert.ok(customer.state.subarray(LAYOUT_END).every((b) => b === 0), "reserved bytes stay zero");
  assert.equal(customer.state[OFF_VERSION], 2);
});

Deno.test("alert engine: transitions carry seq 1, 2, 3 and one deterministic id per alert", () => {
  const customer = feed(new Customer(), STORY);
  const low = customer.log.filter((t) => t.rule === "LOW");
  assert.deepEqual(low.map((t) => [t.from, t.to, t.seq]), [
    [null, "pending", 1],
    ["pending", "firing", 2],
    ["firing", "resolved", 3],
  ]);
  assert.ok(low.every((t) => t.alertId === alertId("cust-1", "LOW", T0 + 20_000)));
  assert.deepEqual(
    [...new Set(customer.log.map((t) => t.rule))].sort(),
    ["EXTREME_HIGH", "HIGH", "LOW", "SPIKE"],
  );
});

Deno.test("alert engine: reprocessing the same readings yields the same transitions", () => {
  const first = feed(new Customer(), STORY);
  const again = feed(new Customer(), STORY);
  assert.ok(first.log.length >= 10);
  assert.deepEqual(again.log, first.log);
  const other = feed(new Customer(DEFAULTS, "cust-2"), STORY);
  const ids = new Set(first.log.map((t) => t.alertId));
  assert.ok(other.log.every((t) => !ids.has(t.alertId)), "ids differ per customer");
});

Deno.test("alert engine: the state round-trips through a copy of its bytes (a slab, a bytea)", () => {
  const whole = feed(new Customer(), STORY);
  const half = feed(new Customer(), STORY.slice(0, 75));
  const slab = new Uint8Array(ALERT_STATE_BYTES * 8);
  const at = ALERT_STATE_BYTES * 5;
  slab.set(half.state.slice(), at); // as loaded back from storage, into another buffer
  const engine = createAlertEngine(DEFAULTS); // a new engine: nothing lives outside the bytes
  const log: AlertTransition[] = [...half.log];
  STORY.slice(75).forEach((bpm, i) => {
    const eventTimeMs = T0 + (75 + i) * 1000 + 250;
    const reading = {
      customerId: "cust-1",
      eventId: crypto.randomUUID(),
      eventTimeMs,
      heartRate: bpm,
    };
    log.push(
      ...engine.onReading(slab.subarray(at, at + ALERT_STATE_BYTES), reading, eventTimeMs + 300)
        .transitions,
    );
  });
  assert.deepEqual(log, whole.log);
  assert.deepEqual(slab.subarray(at, at + ALERT_STATE_BYTES), whole.state);
  assert.ok(slab.subarray(0, at).every((b) => b === 0), "neighbours untouched");
});

Deno.test("alert engine: a late reading is counted, changes nothing and opens nothing", () => {
  const customer = feed(new Customer(), run(30, 70));
  const before = customer.state.slice();
  for (const sec of [20, 21, 22, 25]) {
    const step = customer.read(sec, 38);
    assert.deepEqual(step, { transitions: [], artifacts: 0, late: 1 });
  }
  assert.deepEqual(customer.state, before);
  assert.equal(customer.late, 4);
  customer.read(26, 38); // the oldest second still accepted (29 - 3)
  assert.equal(customer.late, 4);
  assert.notDeepEqual(customer.state, before);
});

Deno.test("alert engine: a late reading never causes a second alert of an open episode", () => {
  const customer = feed(new Customer(), [...run(20, 70), ...run(12, 45), ...run(30, 70)]);
  const opened = customer.moves("LOW").length;
  customer.series(20, run(12, 45));
  assert.equal(customer.late, 12);
  assert.equal(customer.moves("LOW").length, opened);
});

Deno.test("alert engine: two readings in one second give the same result in either order", () => {
  const orders = [[70, 45], [45, 70]].map(([a, b]) => {
    const customer = feed(new Customer(), run(20, 70));
    for (let sec = 20; sec < 30; sec++) {
      customer.read(sec, a!);
      customer.read(sec, b!);
    }
    return feed(customer, run(20, 70), 30).log;
  });
  assert.equal(
    orders[0]!.filter((t) => t.rule === "LOW").length,
    3,
    "the more anomalous reading counts",
  );
  assert.deepEqual(orders[0], orders[1]);
});

Deno.test("alert engine: refuses a state of the wrong size or of another format", () => {
  const engine = createAlertEngine(DEFAULTS);
  const reading = { customerId: "c", eventId: "e", eventTimeMs: T0, heartRate: 70 };
  assert.throws(
    () => engine.onReading(new Uint8Array(ALERT_STATE_BYTES - 1), reading, T0),
    /Cannot use an alert state of 111 bytes: expected ALERT_STATE_BYTES \(112\)/,
  );
  const state = new Uint8Array(ALERT_STATE_BYTES);
  state[OFF_VERSION] = 9;
  assert.throws(
    () => engine.nextDeadlineMs(state),
    /format 9: this engine reads format 2 \(and upgrades 1\); discard/,
  );
});

Deno.test("alert engine: every transition fits the alerts.v1 wire format", () => {
  const customer = feed(new Customer(), STORY);
  customer.tick(T0 + 240_000);
  assert.ok(customer.log.some((t) => t.rule === "NO_DATA"));
  for (const t of customer.log) {
    const iso = (ms: number) => new Date(ms).toISOString();
    const event = {
      schema_version: 1,
      alert_id: t.alertId,
      seq: t.seq,
      customer_id: t.customerId,
      rule: t.rule,
      priority: t.priority,
      from_status: t.from,
      status: t.to,
      flapping: t.flapping,
      value: t.value,
      threshold: t.threshold,
      reason: t.reason,
      opened_at: iso(t.openedAtMs),
      at: iso(t.atMs),
      detected_at: iso(T0 + 240_100),
    };
    assert.deepEqual(AlertEventSchema.parse(event), event);
  }
});
