/**
 * A database outage under load: the writer holds its batches, backs off and keeps its
 * partitions, dead-letters nothing, does not crash, and stores everything once the
 * database is back. Its health endpoints say so: ready before, unhealthy (database check
 * failing) and not ready during, ready with no lag after.
 */
import assert from "node:assert/strict";
import { runTask, stackEnv } from "../_support/env.ts";
import { createPipeline, reading } from "../_support/pipeline.ts";
import { eventually, freePort } from "../../scripts/chaos/processes.ts";

interface HealthBody {
  status: string;
  checks: Record<string, { ok: boolean; detail?: string } | undefined>;
}

async function getHealth(port: number, path: string) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, body: await response.json() as HealthBody };
}

/** Polls a health endpoint until it answers `status` with a body that passes `check`. */
async function waitForHealth(
  port: number,
  path: string,
  status: number,
  check: (body: HealthBody) => boolean | undefined,
): Promise<HealthBody> {
  let last: { status: number; body: HealthBody } | undefined;
  await eventually(
    async () => {
      last = await getHealth(port, path).catch(() => undefined);
      return last?.status === status && check(last.body) === true;
    },
    30_000,
    () =>
      Promise.resolve(
        `${path} never answered ${status} as expected; last: ${JSON.stringify(last)}`,
      ),
  );
  return last!.body;
}

Deno.test("outage: PostgreSQL down while records arrive — the writer waits, then stores every record once, none dead-lettered", async () => {
  const p = await createPipeline(4);
  let databaseDown = false;
  try {
    const warmUp = Array.from({ length: 100 }, (_, i) => reading(`${p.id}-c${i % 50}`, 70));
    await p.produce(warmUp);
    const port = freePort();
    const writer = p.start("consumer", {
      CONSUMER_METRICS_PORT: String(port),
      HEALTH_PROBE_INTERVAL_S: "1",
      HEALTH_MAX_LAG: "1000",
    });
    await p.waitForCheckpoint(p.groups.writer, warmUp.length);
    await waitForHealth(port, "/readyz", 200, (body) => body.checks.lag?.detail?.startsWith("0 "));

    // The order makes the outage certain, not a race: down first, then the records.
    const down = await runTask("infra:down", ["postgres"], stackEnv());
    assert.equal(down.code, 0, down.stdout + down.stderr);
    databaseDown = true;
    const records = Array.from(
      { length: 5000 },
      (_, i) => reading(`${p.id}-c${i % 50}`, 60 + (i % 30)),
    );
    for (let i = 0; i < records.length; i += 1000) await p.produce(records.slice(i, i + 1000));
    const during = await waitForHealth(port, "/healthz", 503, (b) => !b.checks.database?.ok);
    assert.equal(during.checks.kafka?.ok, true, "the broker is still reachable");
    assert.equal(
      (await getHealth(port, "/readyz")).status,
      503,
      "not ready while the database is down",
    );
    await new Promise((resolve) => setTimeout(resolve, 8000));
    const up = await runTask("infra:up", ["postgres"], stackEnv());
    assert.equal(up.code, 0, up.stdout + up.stderr);
    databaseDown = false;

    const total = warmUp.length + records.length;
    await p.waitForCheckpoint(p.groups.writer, total, 90_000);
    await waitForHealth(port, "/readyz", 200, (body) => body.checks.lag?.detail?.startsWith("0 "));
    const [counts] = await p.sql<{ rows: number; distinct_events: number }[]>`
      select count(*)::int as rows, count(distinct event_id)::int as distinct_events
      from heartbeat_events where source_topic = ${p.topics.raw}`;
    assert.deepEqual({ ...counts }, { rows: total, distinct_events: total });
    const [routed] = await p.sql<
      { n: number }[]
    >`select count(*)::int as n from routed_records where consumer_group = ${p.groups.writer}`;
    assert.equal(
      routed!.n,
      0,
      "nothing was dead-lettered (or routed anywhere) because of the outage",
    );
    const waits = writer.lines.filter((l) => l.includes("database unavailable: holding the batch"));
    assert.ok(
      waits.length > 0,
      `the writer noticed the outage and waited; its warnings:\n${
        writer.lines.filter((l) => l.includes('"warn"')).slice(0, 5).join("\n")
      }`,
    );
    assert.equal(writer.hasExited(), false, "the writer did not crash");
  } finally {
    if (databaseDown) await runTask("infra:up", ["postgres"], stackEnv());
    await p.close();
  }
});
