/**
 * `deno bench`: the rule engine alone, one core. Readings cycle over 10,000 customers whose
 * state lives in a Map, as in the detector; about 5 % of readings fire a rule.
 */
import { evaluateReading, type HeartRateReading } from "./evaluate_reading.ts";
import type { CustomerState } from "./customer_state.ts";

const config = { lowThreshold: 50, highThreshold: 140, spikeDelta: 30 };
const CUSTOMERS = 10_000;
const READINGS = 100_000;
const readings: HeartRateReading[] = Array.from({ length: READINGS }, (_, i) => ({
  eventId: crypto.randomUUID(),
  customerId: `cust-${i % CUSTOMERS}`,
  heartRate: i % 20 === 0 ? 45 + (i % 110) : 60 + (i % 40),
  eventTimeMs: 1_700_000_000_000 + i,
}));

Deno.bench({
  name: `rules: evaluateReading × ${READINGS} (10k customers, state in a Map)`,
  group: "rules",
  baseline: true,
  fn() {
    const states = new Map<string, CustomerState>();
    let fired = 0;
    for (const reading of readings) {
      const { findings, nextState } = evaluateReading(
        reading,
        states.get(reading.customerId),
        config,
      );
      states.set(reading.customerId, nextState);
      fired += findings.length;
    }
    if (fired === 0) throw new Error("no rule fired: the input is not representative");
  },
});
