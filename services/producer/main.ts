/**
 * `deno task producer`: simulated customers' heart rates → `events.raw.v1`, keyed by
 * customer_id, idempotent producer with acks=all. Flags `--customers --rate --duration
 * --seed --invalid-rate` override the PRODUCER_* settings. Prints a live one-line readout
 * on stderr; metrics on :8000. Composition only: the loop is in send_loop.ts.
 */
import { loadConfig, sections } from "../../shared/config/mod.ts";
import { runMain } from "../../shared/cli/run_main.ts";
import { connectPublisher, createKafka } from "../../shared/kafka/mod.ts";
import { createLogger, createMetrics, serveOps } from "../../shared/observability/mod.ts";
import { onShutdown } from "../../shared/runtime/shutdown.ts";
import { createSimulator, SIMULATOR_DEFAULTS } from "../../shared/simulator/mod.ts";
import { applyFlags } from "./cli.ts";
import { runSendLoop, type SendCounters } from "./send_loop.ts";

await runMain(async () => {
  const config = loadConfig({
    service: sections.service,
    kafka: sections.kafka,
    topics: sections.topics,
    validation: sections.validation,
    producer: sections.producer,
  });
  const flags = applyFlags(config.producer, Deno.args);
  const options = {
    ...flags,
    seed: flags.seed ?? crypto.getRandomValues(new Uint32Array(1))[0]! % 2 ** 31,
  };
  const log = createLogger("producer", config.service.logLevel);
  const metrics = createMetrics("producer");
  const health = { kafka: { ok: false, detail: "connecting" } };
  const ops = serveOps(config.service.metricsHost, options.metricsPort, "PRODUCER_METRICS_PORT", {
    registry: metrics.registry,
    health: () => health,
  });
  const kafka = createKafka(
    config.kafka,
    (level, message, extra) => log[level](message, { kafka: extra }),
  );
  const publisher = await connectPublisher(kafka);
  health.kafka = { ok: true, detail: "" };

  const unpaced = options.rate === 0;
  const startedAt = Date.now();
  // Unpaced, simulated time starts a day back so readings are never ahead of the clock.
  const startMs = unpaced ? startedAt - 86_400_000 : startedAt;
  const simulator = createSimulator({
    startMs,
    seed: options.seed,
    customers: options.customers,
    customerIdPrefix: options.customerPrefix,
    intervalMs: unpaced ? 1000 : Math.max(1, Math.round((options.customers * 1000) / options.rate)),
    invalidRate: options.invalidRate,
    limits: config.validation,
    rrIntervals: options.rrIntervals,
    ...scaledEpisodes(options.episodeMultiplier, options.rrIntervals),
  });
  const counters: SendCounters = { generated: 0, generatedInvalid: 0, confirmed: 0, failed: 0 };
  let stopping = false;
  const readout = startReadout(counters, startedAt);
  log.info("producer started", {
    topic: config.topics.raw,
    customers: options.customers,
    rate: options.rate || "max",
    seed: options.seed,
    durationS: options.durationS || "until stopped",
  });

  const loop = runSendLoop({
    simulator,
    send: async (records) => {
      await publisher.publish(
        config.topics.raw,
        records.map((r) => ({ key: r.key, value: r.value })),
      );
      metrics.produced.inc(records.length);
      for (const r of records) metrics.generated.inc({ kind: r.truth.kind });
    },
    batchMax: options.batchMax,
    unpaced,
    stepMs: unpaced ? 10_000 : 1000,
    untilMs: options.durationS > 0
      ? (unpaced ? startMs : startedAt) + options.durationS * 1000
      : Infinity,
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    shouldStop: () => stopping,
    onError: (error, records) => {
      metrics.produceErrors.inc(records);
      log.error("send failed; records not confirmed", { records, error });
    },
    counters,
  });
  onShutdown(async () => {
    stopping = true;
    await loop;
  }, { log: (msg, fields) => log.info(msg, fields) });
  await loop;
  readout.stop();
  await publisher.disconnect();
  await ops.shutdown();
  log.info("producer finished", { ...counters, seconds: (Date.now() - startedAt) / 1000 });
  return counters.failed > 0 ? 1 : 0;
});

/** The simulator's episode rates times `multiplier` (probabilities, so capped at 1). */
function scaledEpisodes(multiplier: number, rrIntervals: boolean) {
  const scale = (rate: number) => Math.min(1, rate * multiplier);
  const d = SIMULATOR_DEFAULTS;
  return {
    bradycardia: { rate: scale(d.bradycardia.rate) },
    tachycardia: { rate: scale(d.tachycardia.rate) },
    spike: { rate: scale(d.spike.rate) },
    dropout: { rate: scale(d.dropout.rate) },
    // Atrial-fibrillation-like stretches (off in the simulator's defaults) need the beat
    // intervals; as often as bradycardia, so IRREGULAR_RHYTHM shows on a running stack.
    ...(rrIntervals ? { irregularRhythm: { rate: scale(d.bradycardia.rate) } } : {}),
  };
}

/** A one-line progress readout on stderr, rewritten in place on a terminal. */
function startReadout(counters: SendCounters, startedAt: number): { stop(): void } {
  const terminal = Deno.stderr.isTerminal();
  const encoder = new TextEncoder();
  let last = { at: startedAt, confirmed: 0 };
  const print = (final: boolean) => {
    const now = Date.now();
    const rate = ((counters.confirmed - last.confirmed) * 1000) / Math.max(1, now - last.at);
    last = { at: now, confirmed: counters.confirmed };
    const line =
      `produced ${counters.confirmed.toLocaleString("en")} confirmed (${
        Math.round(rate).toLocaleString("en")
      }/s)` +
      ` | generated ${counters.generated.toLocaleString("en")} (${
        counters.generatedInvalid.toLocaleString("en")
      } malformed on purpose)` +
      ` | failed ${counters.failed}`;
    Deno.stderr.writeSync(
      encoder.encode(terminal ? `\r\x1b[2K${line}${final ? "\n" : ""}` : `${line}\n`),
    );
  };
  const timer = setInterval(() => print(false), terminal ? 1000 : 5000);
  return {
    stop() {
      clearInterval(timer);
      print(true);
    },
  };
}
