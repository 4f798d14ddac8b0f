import assert from "node:assert/strict";
import { type KafkaProbeDeps, probeKafka } from "./probe.ts";

const deps = (over: Partial<KafkaProbeDeps> = {}): KafkaProbeDeps => ({
  topicOffsets: () =>
    Promise.resolve([{ partition: 0, low: 0n, high: 10n }, { partition: 1, low: 5n, high: 8n }]),
  committed: () => Promise.resolve(new Map([[0, 7n]])),
  maxLag: 6,
  timeoutMs: 200,
  ...over,
});

Deno.test("probeKafka: lag is end minus committed (first offset where none); ready up to HEALTH_MAX_LAG", async () => {
  assert.deepEqual(await probeKafka(deps()), {
    kafka: { ok: true, detail: "" },
    lag: { ok: true, detail: "6 alert transitions not settled yet (HEALTH_MAX_LAG=6)" },
    lagValue: 6,
  });
  const behind = await probeKafka(deps({ maxLag: 5 }));
  assert.equal(behind.lag.ok, false);
});

Deno.test("probeKafka: a broker that fails or does not answer in time is a failed check", async () => {
  const failed = await probeKafka(
    deps({ committed: () => Promise.reject(new Error("ECONNREFUSED")) }),
  );
  assert.deepEqual(failed, {
    kafka: { ok: false, detail: "ECONNREFUSED" },
    lag: { ok: false, detail: "unknown: ECONNREFUSED" },
  });
  const slow = await probeKafka(deps({ topicOffsets: () => new Promise(() => {}), timeoutMs: 50 }));
  assert.equal(slow.kafka.ok, false);
  assert.match(slow.kafka.detail ?? "", /did not answer within 50 ms/);
});
