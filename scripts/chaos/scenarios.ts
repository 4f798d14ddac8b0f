/**
 * The chaos scenarios. Full: each fault kind on its own, at a steady 2,000 readings/s —
 * 20 SIGKILLs of the consumer, 20 of the detector, scaling out to 3 and back in, a broker
 * restart, a PostgreSQL restart, a 60 s database outage, and on a 3-node cluster
 * (replication factor 3, min.insync.replicas=2) two SIGKILLed brokers, one after the other.
 * Smoke (inside `deno task test`): a few kills, one rebalance and one broker restart in one
 * short run.
 */
import type { FaultControl, Scenario } from "./run_scenario.ts";

const between = (c: FaultControl, minMs: number, maxMs: number) =>
  c.sleep(minMs + c.random() * (maxMs - minMs));

async function kills(
  c: FaultControl,
  service: "consumer" | "detector",
  count: number,
  minGapMs: number,
  maxGapMs: number,
) {
  for (let i = 0; i < count; i++) {
    await between(c, minGapMs, maxGapMs);
    await c.kill(service);
  }
}

/** The scenarios of a mode. */
export function scenarios(mode: "full" | "smoke"): Scenario[] {
  if (mode === "smoke") {
    return [{
      name: "smoke",
      durationS: 24,
      rate: 400,
      customers: 200,
      faults: async (c) => {
        await between(c, 3000, 5000);
        await c.kill("consumer");
        await between(c, 2000, 3000);
        await c.scale("consumer", 2); // a rebalance while batches are in flight
        await between(c, 2000, 3000);
        await c.kill("detector");
        await c.outage("kafka", 3000); // broker restart under load
        await between(c, 2000, 3000);
        await c.kill("consumer");
        await c.scale("consumer", 1);
      },
    }];
  }
  const base = { durationS: 90, rate: 2000, customers: 500 };
  return [
    { ...base, name: "kill-consumer", faults: (c) => kills(c, "consumer", 20, 1500, 4000) },
    { ...base, name: "kill-detector", faults: (c) => kills(c, "detector", 20, 1500, 4000) },
    {
      ...base,
      name: "rebalance",
      faults: async (c) => {
        for (const n of [2, 3, 2, 1]) {
          await between(c, 8000, 14_000);
          await c.scale("consumer", n);
          await c.scale("detector", n === 3 ? 2 : n);
        }
      },
    },
    {
      ...base,
      name: "broker-restart",
      faults: async (c) => (await c.sleep(20_000), await c.outage("kafka", 5000)),
    },
    {
      ...base,
      name: "postgres-restart",
      faults: async (c) => (await c.sleep(20_000), await c.outage("postgres", 1000)),
    },
    {
      ...base,
      durationS: 100,
      name: "db-outage-60s",
      faults: async (c) => (await c.sleep(15_000), await c.outage("postgres", 60_000)),
    },
    {
      ...base,
      name: "cluster-broker-kill",
      kafka: "cluster",
      // The busiest leader dies under load and stays down 15 s; once it is back in sync the
      // next busiest (another node: the first one leads nothing after its restart) dies too.
      faults: async (c) => {
        await c.sleep(20_000);
        await c.killBroker(15_000);
        await between(c, 5000, 10_000);
        await c.killBroker(10_000);
      },
    },
  ];
}
