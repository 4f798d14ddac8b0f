/**
 * `deno task redrive`: republishes selected records of the dead-letter (or invalid) topic to
 * the raw topic, with their original key and value; `--help` lists the flags. Composition
 * only: the decisions are in plan.ts, the reading in shared/kafka/topic_snapshot.ts.
 */
import { loadConfig, sections } from "../../shared/config/mod.ts";
import { runMain } from "../../shared/cli/run_main.ts";
import {
  connectAdmin,
  connectPublisher,
  createKafka,
  KafkaError,
  type OutgoingMessage,
  type Publisher,
  readTopicSnapshot,
} from "../../shared/kafka/mod.ts";
import { HELP, parseFlags, resolveRedrive } from "./flags.ts";
import { createPlanner } from "./plan.ts";
import { formatSample, formatSummary, SAMPLE_SIZE, type SampleEntry } from "./report.ts";

await runMain(async () => {
  const flags = parseFlags(Deno.args);
  if (flags.help) {
    console.log(HELP);
    return 0;
  }
  const config = loadConfig({ kafka: sections.kafka, topics: sections.topics });
  const options = resolveRedrive(flags, config.topics);
  const kafka = createKafka(config.kafka);
  const admin = await connectAdmin(kafka, config.kafka);
  let publisher: Publisher | undefined;
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [
      [options.sourceTopic, options.names.source],
      [options.targetTopic, options.names.target],
    ].filter(([topic]) => !existing.has(topic!)).map(([topic, name]) => `${topic} (${name})`);
    if (missing.length > 0) {
      throw new KafkaError(
        "TOPIC_MISMATCH",
        `Cannot redrive: no topic ${missing.join(" nor ")} on this broker. Fix the name, or ` +
          "create the pipeline's topics with `deno task topics`.",
      );
    }
    if (!options.dryRun) publisher = await connectPublisher(kafka);
    const planner = createPlanner(options.kind, options.filter);
    const sample: SampleEntry[] = [];
    await readTopicSnapshot({
      kafka,
      admin,
      topic: options.sourceTopic,
      groupId: `${config.kafka.clientId}-redrive-${crypto.randomUUID()}`,
      sinceMs: options.filter.sinceMs,
      onRecords: async (partition, records) => {
        const outgoing: OutgoingMessage[] = [];
        for (const record of records) {
          const decision = planner.decide({ partition, ...record });
          if (decision.kind !== "selected") continue;
          outgoing.push({ key: decision.key, value: decision.value });
          if (sample.length < SAMPLE_SIZE) {
            const { offset, timestampMs } = record;
            sample.push({ partition, offset, timestampMs, record: decision.record });
          }
        }
        await publisher?.publish(options.targetTopic, outgoing);
      },
    });
    for (const line of formatSummary(options, planner.counts())) console.log(line);
    if (options.dryRun && sample.length > 0) {
      console.log(
        `first ${sample.length} that would be republished (partition/offset of ${options.sourceTopic}):`,
      );
      for (const entry of sample) console.log(formatSample(entry));
    }
    return 0;
  } finally {
    await publisher?.disconnect();
    await admin.disconnect();
  }
});
