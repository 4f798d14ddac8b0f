/**
 * `deno run --v8-flags=--expose-gc --allow-env --allow-read scripts/bench/state_size_probe.ts
 * <customers>`: prints, as JSON, the bytes per customer of everything the detector keeps in
 * memory per customer — its state slab (services/detector/state_slab.ts: both engines'
 * state in one fixed record per customer, the partition, the timer deadline, and the
 * customer id → slot index with the id strings) — after every customer had
 * RECENT_EVENT_IDS + 1 readings through the rule engine and the alert engine (default
 * settings), handled as services/detector/detect.ts handles them: rule state decoded from
 * the slab, the alert record copied out, both stored back.
 *
 * Bytes = the growth of V8's heap plus its `external` memory (the typed arrays' backing
 * stores live outside the heap), each read after full GCs before and after filling the
 * slab. The inputs are made before the first reading, so only the slab, its index and the
 * id strings it keeps count; each reading brings a fresh id string, as a parsed record
 * does. The benchmark harness runs it in a process of its own.
 */
import { ALERT_STATE_BYTES, createAlertEngine } from "../../shared/alerts/mod.ts";
import { loadConfig, sections } from "../../shared/config/mod.ts";
import { evaluateReading, RECENT_EVENT_IDS } from "../../shared/rules/mod.ts";
import { createStateSlab } from "../../services/detector/state_slab.ts";

const customers = Number(Deno.args[0]);
const gc = (globalThis as { gc?: () => void }).gc;
if (!Number.isInteger(customers) || customers < 1 || !gc) {
  console.error(
    "usage: deno run --v8-flags=--expose-gc --allow-env --allow-read " +
      "scripts/bench/state_size_probe.ts <customers>",
  );
  Deno.exit(2);
}
const config = loadConfig({ anomaly: sections.anomaly, alerts: sections.alerts }, () => undefined);
const engine = createAlertEngine(config.alerts);
const readings = RECENT_EVENT_IDS + 1;
const eventIds = Array.from({ length: customers * readings }, () => crypto.randomUUID());
const PARTITIONS = 24;
const T0 = Date.UTC(2026, 0, 1);

/** Heap plus external bytes after full GCs (a second pass frees what the first finalized). */
function memory(): number {
  gc!();
  gc!();
  const { heapUsed, external } = Deno.memoryUsage();
  return heapUsed + external;
}

const before = memory();
const slab = createStateSlab(ALERT_STATE_BYTES, (alert) => engine.nextDeadlineMs(alert));
for (let r = 0; r < readings; r++) {
  const eventTimeMs = T0 + r * 1000;
  for (let c = 0; c < customers; c++) {
    // A fresh id string each time, as each record's parsed customer_id is; the slab keeps
    // the first.
    const customerId = `cust-${String(c + 1).padStart(6, "0")}`;
    const reading = {
      eventId: eventIds[r * customers + c]!,
      customerId,
      heartRate: 60 + ((c + r) % 40),
      eventTimeMs,
    };
    const before = slab.ruleState(customerId);
    const { nextState } = evaluateReading(reading, before, config.anomaly);
    if (nextState === before) continue;
    const alert = slab.copyAlert(customerId) ?? new Uint8Array(ALERT_STATE_BYTES);
    engine.onReading(alert, reading, eventTimeMs + 50);
    if (!slab.put(customerId, nextState, alert, c % PARTITIONS)) {
      throw new Error(`the slab refused the state of ${customerId}`);
    }
  }
}
const after = memory();
console.log(JSON.stringify({
  customers: slab.size,
  bytesPerCustomer: (after - before) / customers,
  // What the slab allocates itself (records, partitions, deadlines, index), per customer.
  slabBytesPerCustomer: slab.bytes / customers,
  inputs: eventIds.length, // keeps the inputs alive until after the second reading
}));
