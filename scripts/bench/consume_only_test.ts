import assert from "node:assert/strict";
import { sections } from "../../shared/config/mod.ts";
import { createTally } from "./consume_only.ts";

const validation = sections.validation.resolve(sections.validation.env.parse({}));
const NOW = Date.parse("2026-05-01T10:00:00Z");
const bytes = (text: string) => new TextEncoder().encode(text);
const reading = (customer: string) =>
  bytes(JSON.stringify({
    schema_version: 1,
    event_id: crypto.randomUUID(),
    customer_id: customer,
    heart_rate: 72,
    event_time: new Date(NOW - 1000).toISOString(),
  }));

Deno.test("createTally: validates like the writer, counts, times the first and the expected record", async () => {
  let clock = 0;
  const tally = createTally(3, validation, NOW, () => ++clock);
  tally.take(bytes("cust-1"), reading("cust-1"));
  tally.take(bytes("cust-2"), bytes("not json"));
  assert.ok(Number.isNaN(tally.doneAt));
  tally.take(null, reading("cust-3")); // no key: MISSING_KEY
  await tally.done;
  assert.deepEqual(
    { records: tally.records, valid: tally.valid, firstAt: tally.firstAt, doneAt: tally.doneAt },
    { records: 3, valid: 1, firstAt: 1, doneAt: 2 },
  );
});

Deno.test("createTally: nothing expected is done at once", async () => {
  const tally = createTally(0, validation, NOW, () => 5);
  await tally.done;
  assert.equal(tally.doneAt, 5);
});
