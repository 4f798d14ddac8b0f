/**
 * What integration tests share: the configuration of the test stack that `deno task test`
 * started, unique names so tests never see each other's topics or schemas, and a way to
 * run the project's own tasks as a user would.
 */
import { loadConfig, sections } from "../../shared/config/mod.ts";

/** The test stack's resolved configuration; fails clearly outside `deno task test`. */
export function testConfig() {
  if (Deno.env.get("HEARTBEAT_TEST_INFRA") !== "1") {
    throw new Error("Integration tests need the test stack: run them with `deno task test`.");
  }
  return loadConfig({
    kafka: sections.kafka,
    topics: sections.topics,
    database: sections.database,
    infra: sections.infra,
  });
}

/** A name no other test run uses, e.g. `it_kafka_1f3a9c`. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
}

/** Output of a finished task. */
export interface TaskResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `deno task <name>` the way a user does (the task's own permission flags and
 * `--env-file=.env`), with `env` on top of the current environment.
 */
export async function runTask(
  name: string,
  args: string[],
  env: Record<string, string>,
): Promise<TaskResult> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", name, ...args],
    env: { ...env, NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/** The test stack's settings, passed explicitly so a developer's .env cannot redirect tasks. */
export function stackEnv(): Record<string, string> {
  const config = testConfig();
  return {
    KAFKA_BOOTSTRAP_SERVERS: config.kafka.brokers.join(","),
    KAFKA_CONTROLLER_PORT: String(config.infra.kafkaControllerPort),
    DATABASE_URL: config.database.url,
    INFRA_STATE_DIR: config.infra.stateDir,
    PROMETHEUS_PORT: String(config.infra.prometheusPort),
    PROMETHEUS_ENABLED: String(config.infra.prometheusEnabled),
  };
}
