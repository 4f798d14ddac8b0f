/**
 * `deno run --v8-flags=--expose-gc scripts/bench/state_size_probe.ts <customers>`: prints,
 * as JSON, the V8 heap bytes per customer of the detector's state cache — a Map from
 * customer id to the rule engine's CustomerState, as services/detector/detect.ts keeps it —
 * after every customer had RECENT_EVENT_IDS + 1 readings (so each state holds its full
 * window of recent ids). The heap is read after a full GC before and after filling the
 * Map; the inputs are made before the first reading, so only the Map, its keys and the
 * states count. The benchmark harness runs it in a process of its own.
 */
import { loadConfig, sections } from "../../shared/config/mod.ts";
import { type CustomerState, evaluateReading, RECENT_EVENT_IDS } from "../../shared/rules/mod.ts";

const customers = Number(Deno.args[0]);
const gc = (globalThis as { gc?: () => void }).gc;
if (!Number.isInteger(customers) || customers < 1 || !gc) {
  console.error(
    "usage: deno run --v8-flags=--expose-gc scripts/bench/state_size_probe.ts <customers>",
  );
  Deno.exit(2);
}
const { anomaly } = loadConfig({ anomaly: sections.anomaly }, () => undefined);
const readings = RECENT_EVENT_IDS + 1;
const eventIds = Array.from({ length: customers * readings }, () => crypto.randomUUID());

gc();
const before = Deno.memoryUsage().heapUsed;
const states = new Map<string, CustomerState>();
for (let r = 0; r < readings; r++) {
  for (let c = 0; c < customers; c++) {
    // A fresh key string each time, as each record's parsed customer_id is; the Map keeps the first.
    const customerId = `cust-${String(c + 1).padStart(6, "0")}`;
    const { nextState } = evaluateReading(
      {
        eventId: eventIds[r * customers + c]!,
        customerId,
        heartRate: 60 + ((c + r) % 40),
        eventTimeMs: r * 1000,
      },
      states.get(customerId),
      anomaly,
    );
    states.set(customerId, nextState);
  }
}
gc();
const after = Deno.memoryUsage().heapUsed;
console.log(JSON.stringify({
  customers: states.size,
  bytesPerCustomer: (after - before) / customers,
  inputs: eventIds.length, // keeps the inputs alive until after the second reading
}));
