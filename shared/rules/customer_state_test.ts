import assert from "node:assert/strict";
import {
  advanceState,
  encodeEventId,
  RECENT_EVENT_IDS,
  WORDS_PER_EVENT_ID,
} from "./customer_state.ts";

const ID = "6f1c2a3b-1d2e-4f5a-8b9c-0d1e2f3a4b5c";

function words(eventId: string): number[] {
  const out: number[] = [];
  encodeEventId(eventId, out);
  return out;
}

Deno.test("encodeEventId: a UUID becomes its 128 bits as 48 + 48 + 32", () => {
  assert.deepEqual(words(ID), [0x6f1c2a3b1d2e, 0x4f5a8b9c0d1e, 0x2f3a4b5c]);
  assert.deepEqual(words("ffffffff-ffff-ffff-ffff-ffffffffffff"), [
    2 ** 48 - 1,
    2 ** 48 - 1,
    2 ** 32 - 1,
  ]);
});

Deno.test("encodeEventId: UUIDs differing in one digit differ, spelling case does not", () => {
  assert.notDeepEqual(words(ID), words(ID.slice(0, -1) + "d"));
  assert.notDeepEqual(words(ID), words("7" + ID.slice(1)));
  assert.deepEqual(words(ID), words(ID.toUpperCase()));
});

Deno.test("encodeEventId: a non-UUID id is hashed to negative words, distinct per id", () => {
  const a = words("evt-1");
  const b = words("evt-2");
  assert.equal(a.length, WORDS_PER_EVENT_ID);
  assert.ok(a.every((w) => Number.isInteger(w) && w < 0));
  assert.notDeepEqual(a, b);
  assert.deepEqual(words("evt-1"), a);
  assert.notDeepEqual(words(ID.replaceAll("-", "_")), words(ID));
});

Deno.test("advanceState: keeps at most RECENT_EVENT_IDS ids, newest first", () => {
  let state = advanceState(undefined, ID, 70);
  assert.deepEqual(state, { lastHeartRate: 70, recentEventIds: words(ID) });
  for (let n = 1; n <= 6; n++) {
    state = advanceState(state, `00000000-0000-4000-8000-00000000000${n}`, 70 + n);
  }
  assert.equal(state.lastHeartRate, 76);
  assert.equal(state.recentEventIds.length, RECENT_EVENT_IDS * WORDS_PER_EVENT_ID);
  assert.deepEqual(state.recentEventIds.slice(0, 3), words("00000000-0000-4000-8000-000000000006"));
  assert.deepEqual(state.recentEventIds.slice(-3), words("00000000-0000-4000-8000-000000000003"));
});

Deno.test("advanceState: returns the same state object for a recent id", () => {
  const state = advanceState(advanceState(undefined, ID, 70), crypto.randomUUID(), 90);
  assert.equal(advanceState(state, ID, 200), state);
});

Deno.test("advanceState: the state survives a JSON round trip", () => {
  const state = advanceState(advanceState(undefined, ID, 70), crypto.randomUUID(), 90);
  const copy = JSON.parse(JSON.stringify(state));
  assert.deepEqual(copy, state);
  assert.equal(advanceState(copy, ID, 200), copy);
});
