/**
 * `deno task test`: starts a private Kafka, PostgreSQL and Prometheus on test ports (so a
 * running `deno task up` is not disturbed), runs every test against them, stops them, and
 * ends with one plain line `N passed, N failed[, N skipped]` counted from the JUnit report
 * of the real run (CI reads that line). Exit code: 0 only when nothing failed.
 *
 * Options: `--reuse-infra` keeps an already running test stack instead of starting fresh;
 * `--keep-infra` leaves the stack running afterwards. Anything else is passed to
 * `deno test` (e.g. `--filter kafka`, or paths).
 */
import { parseJunit } from "./test_report.ts";
import { runInfra } from "./infra/run_infra.ts";

/** Where the test stack listens; fixed so they never collide with the `up` stack. */
export const TEST_ENV: Record<string, string> = {
  HEARTBEAT_TEST_INFRA: "1",
  KAFKA_BOOTSTRAP_SERVERS: "127.0.0.1:29092",
  KAFKA_CONTROLLER_PORT: "29093",
  DATABASE_URL: "postgres://heartbeat_user:heartbeat_local_only@127.0.0.1:55433/heartbeat",
  INFRA_STATE_DIR: ".cache/infra/test",
  PROMETHEUS_ENABLED: "true",
  PROMETHEUS_PORT: "9091",
  PROMETHEUS_CONFIG: "monitoring/prometheus/prometheus.yml",
  TOPIC_RAW: "events.raw.v1",
  TOPIC_INVALID: "events.invalid.v1",
  TOPIC_ANOMALY: "events.anomaly.v1",
  TOPIC_DLQ: "events.dlq.v1",
  TOPIC_ALERTS: "alerts.v1",
};

const JUNIT = ".cache/test-results/junit.xml";

async function infra(command: "up" | "down"): Promise<boolean> {
  return (await runInfra(command, { env: TEST_ENV, inherit: true })).code === 0;
}

async function main(): Promise<number> {
  const args = [...Deno.args];
  const reuse = takeFlag(args, "--reuse-infra");
  const keep = takeFlag(args, "--keep-infra");
  if (!reuse) {
    await infra("down");
    await Deno.remove(TEST_ENV.INFRA_STATE_DIR!, { recursive: true }).catch(() => {});
  }
  let failedRun = false;
  try {
    console.log("== test infrastructure (Kafka :29092, PostgreSQL :55433, Prometheus :9091)");
    if (!(await infra("up"))) {
      console.log("0 passed, 1 failed (the test infrastructure did not start: see above)");
      return 1;
    }
    await Deno.mkdir(".cache/test-results", { recursive: true });
    await Deno.remove(JUNIT).catch(() => {});
    console.log("== deno test");
    const status = await new Deno.Command(Deno.execPath(), {
      args: ["test", "--allow-all", `--junit-path=${JUNIT}`, ...args],
      env: TEST_ENV,
      stdout: "inherit",
      stderr: "inherit",
    }).spawn().status;
    let counts = { passed: 0, failed: 0, skipped: 0 };
    try {
      counts = parseJunit(await Deno.readTextFile(JUNIT));
    } catch {
      // no report: deno test could not even start (type error, bad flag); counted below
    }
    if (!status.success && counts.failed === 0) counts.failed = 1; // a failure outside any test
    failedRun = counts.failed > 0;
    if (!keep) {
      console.log("== stopping test infrastructure");
      await infra("down");
    }
    console.log(
      `${counts.passed} passed, ${counts.failed} failed` +
        (counts.skipped ? `, ${counts.skipped} skipped` : ""),
    );
    return failedRun ? 1 : 0;
  } catch (error) {
    if (!keep) await infra("down");
    throw error;
  }
}

function takeFlag(args: string[], flag: string): boolean {
  const index = args.indexOf(flag);
  if (index >= 0) args.splice(index, 1);
  return index >= 0;
}

if (import.meta.main) Deno.exit(await main());
