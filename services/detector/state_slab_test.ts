import assert from "node:assert/strict";
import { advanceState, type CustomerState } from "../../shared/rules/customer_state.ts";
import { CHUNK_SLOTS, createStateSlab } from "./state_slab.ts";

const ALERT_BYTES = 16;

/** A fake alert record: its timer deadline (ms, Float64 at 0) and a fill byte after it. */
function alert(deadlineMs: number, fill = 0): Uint8Array {
  const bytes = new Uint8Array(ALERT_BYTES).fill(fill);
  new DataView(bytes.buffer).setFloat64(0, deadlineMs, true);
  return bytes;
}
const deadlineOf = (record: Uint8Array) =>
  new DataView(record.buffer, record.byteOffset, record.byteLength).getFloat64(0, true);
const slabOf = () => createStateSlab(ALERT_BYTES, deadlineOf);

function ruleState(n: number): CustomerState {
  let state = advanceState(undefined, "evt-not-a-uuid", n % 300);
  for (let i = 1; i <= 4; i++) {
    state = advanceState(state, crypto.randomUUID().toUpperCase(), (n + i) % 300);
  }
  return state;
}

Deno.test("state slab: both parts are copied in and out, never shared", () => {
  const slab = slabOf();
  const mine = alert(Infinity, 1);
  const state = ruleState(7);
  assert.equal(slab.put("c1", state, mine, 3), true);
  mine.fill(9);
  const out = slab.copyAlert("c1")!;
  assert.deepEqual(out, alert(Infinity, 1));
  out.fill(7);
  assert.deepEqual(slab.copyAlert("c1"), alert(Infinity, 1));
  const decoded = slab.ruleState("c1")!;
  assert.deepEqual(decoded, state);
  assert.notEqual(slab.ruleState("c1"), decoded, "a new object each time");
  assert.equal(slab.copyAlert("nobody"), undefined);
  assert.equal(slab.ruleState("nobody"), undefined);
  assert.equal(slab.has("c1"), true);
  assert.equal(slab.has("nobody"), false);
});

Deno.test("state slab: grows chunk by chunk and keeps every customer", () => {
  const slab = slabOf();
  const states = Array.from({ length: 3 * CHUNK_SLOTS + 5 }, (_, i) => ruleState(i));
  states.forEach((state, i) => slab.put(`c${i}`, state, alert(Infinity, i % 251), i % 24));
  assert.equal(slab.size, states.length);
  for (const i of [0, CHUNK_SLOTS - 1, CHUNK_SLOTS, 2 * CHUNK_SLOTS + 1, states.length - 1]) {
    assert.deepEqual(slab.ruleState(`c${i}`), states[i], `customer c${i}`);
    assert.deepEqual(slab.copyAlert(`c${i}`), alert(Infinity, i % 251), `customer c${i}`);
  }
  slab.put("c5", states[6]!, alert(Infinity, 77), 2); // a put replaces both parts
  assert.deepEqual(slab.ruleState("c5"), states[6]);
  assert.deepEqual(slab.copyAlert("c5"), alert(Infinity, 77));
  assert.equal(slab.size, states.length);
});

Deno.test("state slab: due lists a partition's customers whose deadline has come, to the ms", () => {
  const slab = slabOf();
  slab.put("a", ruleState(1), alert(1000), 1);
  slab.put("b", ruleState(2), alert(1999), 1); // the same second as 1500, not yet due
  slab.put("c", ruleState(3), alert(500), 2);
  slab.put("d", ruleState(4), alert(Infinity), 1);
  slab.put("e", ruleState(5), alert(-5), 3); // long past
  assert.deepEqual(slab.due(1, 1500), ["a"]);
  assert.deepEqual(slab.due(1, 1998), ["a"]);
  assert.deepEqual(slab.due(1, 1999), ["a", "b"]);
  assert.deepEqual(slab.due(2, 2000), ["c"]);
  assert.deepEqual(slab.due(1, 8e15), ["a", "b"]);
  assert.deepEqual([...slab.duePartitions(0)], [3]);
  assert.deepEqual([...slab.duePartitions(499)].sort(), [3]);
  assert.deepEqual([...slab.duePartitions(600)].sort(), [2, 3]);
  assert.deepEqual([...slab.duePartitions(2000)].sort(), [1, 2, 3]);
  assert.equal(slab.putAlert("a", alert(5000)), true); // a new deadline replaces the old one
  assert.deepEqual(slab.due(1, 2000), ["b"]);
  assert.deepEqual(slab.due(1, 5000), ["a", "b"]);
  assert.deepEqual(slab.ruleState("a"), slab.ruleState("a"), "putAlert keeps the rule state");
});

Deno.test("state slab: dropping partitions frees their slots for reuse", () => {
  const slab = slabOf();
  const b = ruleState(2);
  slab.put("a", ruleState(1), alert(10, 1), 1);
  slab.put("b", b, alert(10, 2), 2);
  slab.dropPartitions(new Set([1]));
  assert.equal(slab.has("a"), false);
  assert.equal(slab.size, 1);
  assert.deepEqual(slab.due(1, 100), []);
  const e = ruleState(5);
  slab.put("e", e, alert(10, 5), 3);
  assert.deepEqual(slab.ruleState("b"), b);
  assert.deepEqual(slab.copyAlert("b"), alert(10, 2));
  assert.deepEqual(slab.ruleState("e"), e);
  assert.deepEqual(slab.due(3, 100), ["e"]);
  slab.clear();
  assert.equal(slab.size, 0);
  assert.equal(slab.has("b"), false);
  assert.deepEqual(slab.due(2, 100), []);
  assert.deepEqual([...slab.duePartitions(100)], []);
  slab.put("f", e, alert(10, 6), 4);
  assert.deepEqual(slab.ruleState("f"), e);
  assert.deepEqual(slab.due(4, 100), ["f"]);
});

Deno.test("state slab: a rule state it cannot hold exactly leaves the customer out", () => {
  const slab = slabOf();
  const odd = { lastHeartRate: 70.5, recentEventIds: [1, 2, 3] };
  assert.equal(slab.put("new", odd, alert(10), 1), false);
  assert.equal(slab.has("new"), false);
  slab.put("held", ruleState(1), alert(10), 1);
  slab.put("other", ruleState(2), alert(10), 1);
  assert.equal(slab.put("held", odd, alert(10), 1), false);
  assert.equal(slab.has("held"), false, "no stale state is served");
  assert.equal(slab.size, 1);
  assert.deepEqual(slab.due(1, 100), ["other"]);
});

Deno.test("state slab: putAlert only changes a customer it holds", () => {
  const slab = slabOf();
  assert.equal(slab.putAlert("a", alert(10)), false);
  assert.equal(slab.has("a"), false);
  assert.deepEqual(slab.due(0, 100), []);
});

Deno.test("state slab: wrong sizes and partitions are refused", () => {
  const slab = slabOf();
  const state = ruleState(1);
  assert.throws(() => slab.put("a", state, new Uint8Array(7), 0), /16 bytes, got 7/);
  assert.throws(() => slab.putAlert("a", new Uint8Array(17)), /16 bytes, got 17/);
  assert.throws(() => slab.put("a", state, alert(0), 65536), /partition must be/);
  assert.throws(() => slab.put("a", state, alert(NaN), 0), /deadline of NaN/);
  assert.equal(slab.has("a"), false, "nothing changes before the checks passed");
  slab.put("b", state, alert(Infinity, 1), 0);
  assert.throws(() => slab.putAlert("b", alert(NaN, 2)), /deadline of NaN/);
  assert.deepEqual(slab.copyAlert("b"), alert(Infinity, 1));
  assert.throws(() => createStateSlab(0, deadlineOf), /positive integer/);
});
