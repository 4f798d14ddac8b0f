/**
 * The chaos harness's short run inside `deno task test`: SIGKILLs of the consumer and the
 * detector, a scale-out/in rebalance and a broker restart under load — then the auditor
 * finds nothing lost and nothing duplicated. (`deno task chaos` runs the full scenarios.)
 */
import assert from "node:assert/strict";
import { loadConfig, sections } from "../../shared/config/mod.ts";
import { runScenario } from "../../scripts/chaos/run_scenario.ts";
import { scenarios } from "../../scripts/chaos/scenarios.ts";
import { stackEnv, testConfig } from "../_support/env.ts";

Deno.test("chaos smoke: kills, a rebalance and a broker restart under load lose and duplicate nothing", async () => {
  const config = testConfig();
  const defaults = loadConfig(
    { validation: sections.validation, anomaly: sections.anomaly },
    () => undefined,
  );
  const result = await runScenario(
    {
      kafka: config.kafka,
      database: config.database,
      validation: defaults.validation,
      rules: defaults.anomaly,
      infraEnv: stackEnv(),
    },
    scenarios("smoke")[0]!,
    7,
  );
  assert.ok(
    result.kills >= 3 && result.outages === 1,
    `faults happened: ${JSON.stringify(result)}`,
  );
  assert.ok(
    result.audit.rows.expected > 5000 && result.audit.invalid.expected > 50 &&
      result.audit.anomalies.expected > 10,
    JSON.stringify(result.audit),
  );
  assert.deepEqual(
    { lost: result.lost, duplicated: result.duplicated },
    { lost: 0, duplicated: 0 },
    JSON.stringify(result.audit, null, 1),
  );
});
