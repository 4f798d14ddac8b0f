import assert from "node:assert/strict";
import { renderStatus, type Scrape } from "./status_view.ts";

const m = (entries: Record<string, number>) => new Map(Object.entries(entries));

Deno.test("renderStatus: rates come from the difference of two scrapes; totals from the last", () => {
  const before: Scrape = {
    producer: m({ heartbeat_messages_produced_total: 1000 }),
    consumer: m({ heartbeat_db_inserts_total: 900 }),
    detector: m({ heartbeat_messages_consumed_total: 950 }),
  };
  const after: Scrape = {
    producer: m({ heartbeat_messages_produced_total: 3000 }),
    consumer: m({
      heartbeat_db_inserts_total: 2900,
      heartbeat_invalid_total: 12,
      heartbeat_dlq_total: 1,
      heartbeat_consumer_lag: 40,
    }),
    detector: m({ heartbeat_messages_consumed_total: 2950, heartbeat_anomalies_total: 7 }),
  };
  const lines = renderStatus(before, after, 2);
  assert.match(lines[1]!, /^producer\s+up\s+1,000\s+produced 3,000, errors 0$/);
  assert.match(lines[2]!, /^consumer\s+up\s+1,000\s+stored 2,900, invalid 12, DLQ 1, lag 40$/);
  assert.match(lines[3]!, /^detector\s+up\s+1,000\s+anomalies 7, lag 0$/);
});

Deno.test("renderStatus: a service that does not answer shows DOWN with no rate", () => {
  const lines = renderStatus({ producer: undefined }, { producer: undefined }, 1);
  assert.match(lines[1]!, /^producer\s+DOWN\s+0\s/);
});
