import assert from "node:assert/strict";
import { createSnapshotHub, type HubMessage } from "./snapshot_hub.ts";

/** A hub with a hand-driven scheduler and clock, and a load the test resolves. */
function harness() {
  const ticks: (() => void)[] = [];
  const loads: { key: number; resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  let now = 0;
  let stopped = 0;
  const hub = createSnapshotHub<string>({
    load: (key) => new Promise((resolve, reject) => loads.push({ key, resolve, reject })),
    schedule: (tick) => {
      ticks.push(tick);
      return () => void stopped++;
    },
    clock: () => now,
  });
  const listener = () => {
    const received: HubMessage<string>[] = [];
    let closed = false;
    return {
      received,
      isClosed: () => closed,
      listener: {
        send: (m: HubMessage<string>) => received.push(m),
        close: () => void (closed = true),
      },
    };
  };
  return {
    hub,
    loads,
    listener,
    tick: () => ticks.at(-1)!(),
    ticking: () => ticks.length - stopped,
    advance: (ms: number) => void (now += ms),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

Deno.test("snapshot hub: one load per tick and key, shared by every listener of that key", async () => {
  const h = harness();
  const a = h.listener();
  const b = h.listener();
  h.hub.subscribe(15, a.listener);
  h.hub.subscribe(15, b.listener);
  assert.equal(h.loads.length, 1, "the first listener starts a load at once");
  h.loads[0]!.resolve("v1");
  await settle();
  assert.deepEqual(a.received, [{ ok: true, value: "v1" }]);
  assert.deepEqual(b.received, [{ ok: true, value: "v1" }]);
  h.tick();
  h.tick(); // still loading: not started twice
  assert.equal(h.loads.length, 2);
  h.loads[1]!.resolve("v2");
  await settle();
  assert.deepEqual(a.received.map((m) => m.ok && m.value), ["v1", "v2"]);
});

Deno.test("snapshot hub: a late listener gets the latest snapshot at once; keys load separately", async () => {
  const h = harness();
  h.hub.subscribe(15, h.listener().listener);
  h.loads[0]!.resolve("fifteen");
  await settle();
  const late = h.listener();
  h.hub.subscribe(15, late.listener);
  assert.deepEqual(late.received, [{ ok: true, value: "fifteen" }]);
  h.hub.subscribe(60, h.listener().listener);
  assert.deepEqual(h.loads.map((l) => l.key), [15, 60]);
  assert.equal(h.hub.size(), 3);
});

Deno.test("snapshot hub: a failed load reaches the listeners as an error, and the next tick retries", async () => {
  const h = harness();
  const a = h.listener();
  h.hub.subscribe(15, a.listener);
  const boom = new Error("database down");
  h.loads[0]!.reject(boom);
  await settle();
  assert.deepEqual(a.received, [{ ok: false, error: boom }]);
  h.tick();
  h.loads[1]!.resolve("back");
  await settle();
  assert.deepEqual(a.received.at(-1), { ok: true, value: "back" });
});

Deno.test("snapshot hub: ticks run only while someone listens", () => {
  const h = harness();
  assert.equal(h.ticking(), 0);
  const off1 = h.hub.subscribe(15, h.listener().listener);
  const off2 = h.hub.subscribe(30, h.listener().listener);
  assert.equal(h.ticking(), 1);
  off1();
  assert.equal(h.ticking(), 1);
  off2();
  assert.equal(h.ticking(), 0);
  assert.equal(h.hub.size(), 0);
});

Deno.test("snapshot hub: a slow load spaces out the next ones (3x its duration)", async () => {
  const h = harness();
  h.hub.subscribe(15, h.listener().listener);
  h.advance(1000); // the load took 1 s
  h.loads[0]!.resolve("slow");
  await settle();
  h.advance(2000);
  h.tick();
  assert.equal(h.loads.length, 1, "quiet for 3 s after a 1 s load");
  h.advance(1000);
  h.tick();
  assert.equal(h.loads.length, 2);
});

Deno.test("snapshot hub: close ends every listener, stops ticking and refuses new ones", () => {
  const h = harness();
  const a = h.listener();
  h.hub.subscribe(15, a.listener);
  h.hub.close();
  assert.equal(a.isClosed(), true);
  assert.equal(h.ticking(), 0);
  const late = h.listener();
  h.hub.subscribe(15, late.listener);
  assert.equal(late.isClosed(), true);
});
