/**
 * The redrive's promise end to end, with the real writer: readings refused as out of range
 * are stored once the range is fixed and they are redriven — and stored once only, however
 * often the redrive runs, because the writer keeps one row per (customer_id, event_id).
 */
import assert from "node:assert/strict";
import { createPipeline, reading } from "../_support/pipeline.ts";
import { runTask } from "../_support/env.ts";

Deno.test("redrive: after a fix, redriven invalid readings are stored exactly once, even when the redrive runs twice", async () => {
  const p = await createPipeline(2);
  try {
    const c = (name: string) => `${p.id}-${name}`;
    const high = [reading(c("a"), 260), reading(c("b"), 280)]; // above HEART_RATE_MAX=250
    await p.produce([...high, { key: c("x"), value: "{not json" }]);
    const before = p.start("consumer");
    await p.waitForCheckpoint(p.groups.writer, 3);
    await before.stop();

    p.start("consumer", { HEART_RATE_MAX: "300" }); // the fix
    const redrive = ["--from", "invalid", "--reason", "HEART_RATE_OUT_OF_RANGE"];
    for (const [run, total] of [[1, 5], [2, 7]]) {
      const result = await runTask("redrive", redrive, p.env);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /\nmatched +2 /, `run ${run}:\n${result.stdout}`);
      assert.match(result.stdout, /\nrepublished +2 /, `run ${run}:\n${result.stdout}`);
      await p.waitForCheckpoint(p.groups.writer, total!);
    }

    const rows = await p.sql<{ event_id: string; heart_rate: number }[]>`
      select event_id::text, heart_rate from heartbeat_events where source_topic = ${p.topics.raw}
      order by heart_rate`;
    assert.deepEqual(
      [...rows],
      high.map((r, i) => ({ event_id: r.eventId, heart_rate: [260, 280][i] })),
    );
    const routed = await p.sql<{ reason_code: string; n: number }[]>`
      select reason_code, count(*)::int as n from routed_records
      where consumer_group = ${p.groups.writer} and source_topic = ${p.topics.raw}
      group by 1 order by 1`;
    assert.deepEqual([...routed], [
      { reason_code: "HEART_RATE_OUT_OF_RANGE", n: 2 },
      { reason_code: "INVALID_JSON", n: 1 },
    ], "the redriven copies are stored or absorbed, never routed again");
  } finally {
    await p.close();
  }
});
