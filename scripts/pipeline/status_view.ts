/**
 * The live status of `deno task up` (pure): from two scrapes of the services' metrics a
 * few seconds apart, the rates and totals a person watches — produced/s, stored/s,
 * invalid, DLQ, anomalies, lag — as a small table.
 */

/** One scrape: per service, metric name → value summed over labels (undefined: down). */
export type Scrape = Record<string, Map<string, number> | undefined>;

/** Renders the status table lines. */
export function renderStatus(previous: Scrape, current: Scrape, seconds: number): string[] {
  const value = (scrape: Scrape, service: string, name: string) => scrape[service]?.get(name) ?? 0;
  const rate = (service: string, name: string) =>
    current[service] && previous[service]
      ? Math.max(0, (value(current, service, name) - value(previous, service, name)) / seconds)
      : 0;
  const state = (service: string) => (current[service] ? "up" : "DOWN");
  const n = (x: number) => Math.round(x).toLocaleString("en");
  const rows = [
    ["service", "state", "rate/s", "totals"],
    [
      "producer",
      state("producer"),
      n(rate("producer", "heartbeat_messages_produced_total")),
      `produced ${n(value(current, "producer", "heartbeat_messages_produced_total"))}, errors ${
        n(value(current, "producer", "heartbeat_produce_errors_total"))
      }`,
    ],
    [
      "consumer",
      state("consumer"),
      n(rate("consumer", "heartbeat_db_inserts_total")),
      `stored ${n(value(current, "consumer", "heartbeat_db_inserts_total"))}, invalid ${
        n(value(current, "consumer", "heartbeat_invalid_total"))
      }, DLQ ${n(value(current, "consumer", "heartbeat_dlq_total"))}, lag ${
        n(value(current, "consumer", "heartbeat_consumer_lag"))
      }`,
    ],
    [
      "detector",
      state("detector"),
      n(rate("detector", "heartbeat_messages_consumed_total")),
      `anomalies ${n(value(current, "detector", "heartbeat_anomalies_total"))}, lag ${
        n(value(current, "detector", "heartbeat_consumer_lag"))
      }`,
    ],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r.map((cell, i) => (i === 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ")
      .trimEnd()
  );
}
