import assert from "node:assert/strict";
import fc from "fast-check";
import { advanceState, type CustomerState, encodeEventId } from "./customer_state.ts";
import {
  CUSTOMER_STATE_BYTES,
  decodeCustomerState,
  encodeCustomerState,
} from "./customer_state_bytes.ts";

const ID = "6f1c2a3b-1d2e-4f5a-8b9c-0d1e2f3a4b5c";

/** Encodes into a buffer of garbage at `offset`; checks the bytes around are untouched. */
function roundTrip(state: CustomerState, offset = 5): CustomerState | undefined {
  const out = new Uint8Array(offset + CUSTOMER_STATE_BYTES + 7).fill(0xa5);
  assert.equal(encodeCustomerState(state, out, offset), true, JSON.stringify(state));
  assert.ok(out.subarray(0, offset).every((b) => b === 0xa5), "bytes before the record");
  assert.ok(out.subarray(offset + CUSTOMER_STATE_BYTES).every((b) => b === 0xa5), "after");
  return decodeCustomerState(out, offset);
}

/** A UUID in a random mix of upper and lower case. */
const anyCaseUuid = fc.tuple(fc.uuid(), fc.array(fc.boolean(), { minLength: 36, maxLength: 36 }))
  .map(([id, upper]) => [...id].map((c, i) => upper[i] ? c.toUpperCase() : c).join(""));
/** Anything else the contract rules out but the rules still accept. */
const otherId = fc.oneof(
  fc.string(),
  fc.string({ minLength: 36, maxLength: 36 }),
  fc.uuid().map((id) => id.replaceAll("-", "_")),
);
/** A reading: a new id, or a repeat of one of the last few (a re-delivery). */
const step = fc.record({
  id: fc.oneof(anyCaseUuid, otherId, fc.integer({ min: 0, max: 5 })),
  heartRate: fc.integer({ min: 0, max: 1000 }),
});

Deno.test("customer state bytes: every advanceState output survives the round trip exactly", () => {
  fc.assert(fc.property(
    fc.array(step, { minLength: 1, maxLength: 12 }),
    fc.integer({ min: 0, max: 40 }),
    (steps, offset) => {
      const seen: string[] = [];
      let state: CustomerState | undefined;
      for (const { id, heartRate } of steps) {
        const eventId = typeof id === "number" ? seen[seen.length - 1 - id] ?? ID : id;
        seen.push(eventId);
        const next = advanceState(state, eventId, heartRate);
        const copy = state === undefined ? undefined : roundTrip(state, offset);
        assert.deepEqual(copy, state);
        // The copy behaves as the original: the same next state, the same re-deliveries.
        const nextOfCopy = advanceState(copy, eventId, heartRate);
        assert.equal(nextOfCopy === copy, next === state, `re-delivery of ${eventId}`);
        assert.deepEqual(nextOfCopy, next);
        assert.equal(JSON.stringify(nextOfCopy), JSON.stringify(next));
        state = next;
      }
      assert.deepEqual(roundTrip(state!, offset), state);
    },
  ));
});

/** Words of one id at the edges of what the codec holds. */
const uuidWords = fc.tuple(
  fc.oneof(fc.constantFrom(0, 2 ** 48 - 1), fc.integer({ min: 0, max: 2 ** 48 - 1 })),
  fc.oneof(fc.constantFrom(0, 2 ** 48 - 1), fc.integer({ min: 0, max: 2 ** 48 - 1 })),
  fc.oneof(fc.constantFrom(0, 2 ** 32 - 1), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
);
const hashedWord = fc.oneof(
  fc.constantFrom(-1, -(2 ** 32)),
  fc.integer({ min: -(2 ** 32), max: -1 }),
);
const hashedWords = fc.tuple(hashedWord, hashedWord, hashedWord);

Deno.test("customer state bytes: any mix of UUID and hashed words round-trips exactly", () => {
  fc.assert(fc.property(
    fc.integer({ min: 0, max: 0xffff }),
    fc.array(fc.oneof(uuidWords, hashedWords), { minLength: 1, maxLength: 4 }),
    (lastHeartRate, ids) => {
      const state = { lastHeartRate, recentEventIds: ids.flat() };
      assert.deepEqual(roundTrip(state), state);
    },
  ));
});

Deno.test("customer state bytes: the layout is pinned, UUID and hashed", () => {
  const out = new Uint8Array(CUSTOMER_STATE_BYTES).fill(0xff); // what a slot held before
  assert.equal(CUSTOMER_STATE_BYTES, 68);
  const state = advanceState(advanceState(undefined, "evt-1", 60), ID, 300);
  assert.ok(encodeCustomerState(state, out, 0));
  const hashed: number[] = [];
  encodeEventId("evt-1", hashed);
  const stored = hashed.map((w) => -w - 1);
  assert.deepEqual([...out.subarray(0, 20)], [
    44,
    1,
    2,
    0b10, // 300 bpm, two ids, the second hashed
    0x2e,
    0x1d,
    0x3b,
    0x2a,
    0x1c,
    0x6f, // 6f1c2a3b1d2e
    0x1e,
    0x0d,
    0x9c,
    0x8b,
    0x5a,
    0x4f, // 4f5a8b9c0d1e
    0x5c,
    0x4b,
    0x3a,
    0x2f, // 2f3a4b5c
  ]);
  const view = new DataView(out.buffer);
  assert.equal(view.getUint32(20, true), stored[0]);
  assert.equal(view.getUint16(24, true), 0);
  assert.equal(view.getUint32(26, true), stored[1]);
  assert.equal(view.getUint32(32, true), stored[2]);
  assert.ok(out.subarray(36).every((b) => b === 0), "unused ids are zero");
});

Deno.test("customer state bytes: zeros are a customer never seen", () => {
  const zeros = new Uint8Array(CUSTOMER_STATE_BYTES + 3);
  assert.equal(decodeCustomerState(zeros, 3), undefined);
  // A heart rate of 0 is a valid reading: a state that exists is told apart by its ids.
  assert.deepEqual(roundTrip(advanceState(undefined, ID, 0)), {
    lastHeartRate: 0,
    recentEventIds: [0x6f1c2a3b1d2e, 0x4f5a8b9c0d1e, 0x2f3a4b5c],
  });
  zeros[2] = 5;
  assert.throws(() => decodeCustomerState(zeros, 0), /claims 5 ids, at most 4/);
});

Deno.test("customer state bytes: a state it cannot hold exactly is refused, nothing written", () => {
  const uuid = [1, 2, 3];
  const refused: unknown[][] = [
    [70, []],
    [70, [...uuid, 4]],
    [70, Array(5).fill(uuid).flat()],
    [70.5, uuid],
    [-1, uuid],
    [65536, uuid],
    [70, [1, -1, 3]],
    [70, [2 ** 48, 0, 0]],
    [70, [0, 0, 2 ** 32]],
    [70, [-1, -(2 ** 32) - 1, -1]],
    [70, [0.5, 0, 0]],
    [70, ["1", 2, 3]],
    [70, [NaN, 2, 3]],
  ];
  for (const [lastHeartRate, recentEventIds] of refused) {
    const out = new Uint8Array(CUSTOMER_STATE_BYTES).fill(7);
    const state = { lastHeartRate, recentEventIds } as CustomerState;
    assert.equal(encodeCustomerState(state, out, 0), false, JSON.stringify(state));
    assert.ok(out.every((b) => b === 7), `untouched for ${JSON.stringify(state)}`);
  }
  assert.throws(
    () => encodeCustomerState(advanceState(undefined, ID, 70), new Uint8Array(70), 3),
    /needs 68 bytes and the buffer has 70/,
  );
});
