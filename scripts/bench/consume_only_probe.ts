/**
 * `deno run … scripts/bench/consume_only_probe.ts <client> <topic> <group> <expected>`:
 * one consume-only drain (consume_only.ts) with one client, in a process of its own so
 * its resident memory is that client's alone. Reads the KAFKA_* settings, the validation
 * settings and the writer's fetch settings (CONSUMER_MAX_WAIT_MS, CONSUMER_FETCH_MAX_BYTES,
 * CONSUMER_CONCURRENCY, CONSUMER_SESSION_TIMEOUT_MS; the fetch response bounded as the
 * services bound theirs) from the environment; prints one JSON
 * line ({@link ConsumeOnlyReport}) once `expected` records were read. Only the chosen
 * client's module is loaded.
 */
import { loadConfig, sections } from "../../shared/config/mod.ts";
import { runMain } from "../../shared/cli/run_main.ts";
import { fetchResponseMaxBytes } from "../../shared/kafka/fetch_size.ts";
import {
  CLIENT_NAMES,
  type ClientName,
  type ConsumeOnlyClient,
  type ConsumeOnlyReport,
  createTally,
} from "./consume_only.ts";

await runMain(async () => {
  const [client, topic, groupId, expectedText] = Deno.args;
  const expected = Number(expectedText);
  if (
    !CLIENT_NAMES.includes(client as ClientName) || !topic || !groupId ||
    !Number.isInteger(expected) || expected < 0
  ) {
    console.error(
      `usage: consume_only_probe.ts <${CLIENT_NAMES.join("|")}> <topic> <group> <expected records>`,
    );
    return 2;
  }
  const config = loadConfig({
    kafka: sections.kafka,
    validation: sections.validation,
    consumer: sections.consumer,
  });
  const consume = await loadClient(client as ClientName);
  const started = performance.now();
  const tally = createTally(expected, config.validation, Date.now());
  const settings = {
    maxWaitMs: config.consumer.maxWaitMs,
    maxBytesPerPartition: config.consumer.fetchMaxBytes,
    // The services' bound on one fetch response (shared/kafka/fetch_size.ts): both clients.
    maxBytes: fetchResponseMaxBytes(config.consumer.concurrency, config.consumer.fetchMaxBytes),
    concurrency: config.consumer.concurrency,
  };
  await consume({
    ...settings,
    kafka: config.kafka,
    topic,
    groupId,
    sessionTimeoutMs: config.consumer.sessionTimeoutMs,
  }, tally);
  const report: ConsumeOnlyReport = {
    client: client as ClientName,
    records: tally.records,
    valid: tally.valid,
    startupSeconds: (tally.firstAt - started) / 1000,
    steadySeconds: (tally.doneAt - tally.firstAt) / 1000,
    totalSeconds: (tally.doneAt - started) / 1000,
    settings,
  };
  console.log(JSON.stringify(report));
  return 0;
});

/** Imports only the chosen client's adapter (the other library never loads). */
async function loadClient(client: ClientName): Promise<ConsumeOnlyClient> {
  switch (client) {
    case "kafkajs":
      return (await import("./consume_only_kafkajs.ts")).consumeWithKafkajs;
    case "platformatic":
      return (await import("./consume_only_platformatic.ts")).consumeWithPlatformatic;
  }
}
