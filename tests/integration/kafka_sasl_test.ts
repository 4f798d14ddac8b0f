/**
 * The Kafka SASL settings against a real broker: the test starts a single Kafka node of its
 * own (the project's jars and node launcher) with a SASL_PLAINTEXT listener, then publishes
 * and reads offsets through it with `KAFKA_SASL_MECHANISM=plain` and `scram-sha-512`, and is
 * refused with a wrong password. (TLS is not exercised here; see docs/architecture.md.)
 */
import assert from "node:assert/strict";
import { loadConfig, sections } from "../../shared/config/mod.ts";
import { connectAdmin, connectPublisher, createKafka, KafkaError } from "../../shared/kafka/mod.ts";
import {
  awaitKafkaNodes,
  kafkaNodeFiles,
  launchKafkaNode,
  newClusterId,
  prepareKafkaRuntime,
  registeredBrokers,
} from "../../scripts/infra/kafka_node.ts";
import { terminate } from "../../scripts/infra/process.ts";
import { freePort } from "../../scripts/chaos/processes.ts";
import { testConfig, uniqueName } from "../_support/env.ts";

const config = testConfig();
const root = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const USER = "heartbeat";
const PASSWORD = "kafka-test-secret";

function saslKafka(port: number, vars: Record<string, string>) {
  return loadConfig(
    { kafka: sections.kafka },
    (name) =>
      ({
        KAFKA_BOOTSTRAP_SERVERS: `127.0.0.1:${port}`,
        KAFKA_CONNECT_RETRIES: "0",
        ...vars,
      })[name],
  ).kafka;
}

Deno.test("kafka SASL: PLAIN and SCRAM-SHA-512 credentials from the settings reach a real broker", async () => {
  const dir = await Deno.makeTempDir({ prefix: "heartbeat-sasl-" });
  const [port, controllerPort, saslPort] = [freePort(), freePort(), freePort()];
  const files = kafkaNodeFiles(dir);
  const runtime = await prepareKafkaRuntime(root, config.infra);
  const pid = await launchKafkaNode(runtime, {
    nodeId: 1,
    host: "127.0.0.1",
    port,
    controllerPort,
    files,
    heap: "256m",
    replication: { factor: 1, minInsync: 1 },
    sasl: { port: saslPort, users: { [USER]: PASSWORD } },
  }, newClusterId());
  try {
    await awaitKafkaNodes(
      [files],
      async () => (await registeredBrokers(config.kafka, [`127.0.0.1:${port}`]))?.length === 1,
      60_000,
    );
    const topic = uniqueName("it_sasl");
    for (const mechanism of ["plain", "scram-sha-512"]) {
      const kafka = saslKafka(saslPort, {
        KAFKA_SASL_MECHANISM: mechanism,
        KAFKA_SASL_USERNAME: USER,
        KAFKA_SASL_PASSWORD: PASSWORD,
      });
      const admin = await connectAdmin(createKafka(kafka), kafka);
      try {
        if (mechanism === "plain") await admin.createTopics({ topics: [{ topic }] });
        const publisher = await connectPublisher(createKafka(kafka));
        await publisher.publish(topic, [{ key: "k", value: mechanism }]);
        await publisher.disconnect();
        const [offsets] = await admin.fetchTopicOffsets(topic);
        assert.equal(offsets?.high, mechanism === "plain" ? "1" : "2", mechanism);
      } finally {
        await admin.disconnect();
      }
    }
    const wrong = saslKafka(saslPort, {
      KAFKA_SASL_MECHANISM: "scram-sha-512",
      KAFKA_SASL_USERNAME: USER,
      KAFKA_SASL_PASSWORD: "not-the-password",
    });
    await assert.rejects(
      connectAdmin(createKafka(wrong), wrong),
      (error: unknown) =>
        error instanceof KafkaError && /SASL|auth/i.test(error.message) ||
        assert.fail(`unexpected: ${error}`),
    );
    const none = saslKafka(saslPort, {});
    await assert.rejects(connectAdmin(createKafka(none), none), KafkaError);
  } finally {
    await terminate(pid, 10_000);
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});
