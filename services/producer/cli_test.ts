import assert from "node:assert/strict";
import { ConfigError, loadConfig, sections } from "../../shared/config/mod.ts";
import { applyFlags } from "./cli.ts";

const defaults = loadConfig({ producer: sections.producer }, () => undefined).producer;

Deno.test("applyFlags: flags override settings, in both --flag value and --flag=value forms", () => {
  const config = applyFlags(defaults, [
    "--customers",
    "50",
    "--rate=200",
    "--duration",
    "10",
    "--seed",
    "7",
    "--invalid-rate=0.05",
  ]);
  assert.deepEqual(
    {
      customers: config.customers,
      rate: config.rate,
      durationS: config.durationS,
      seed: config.seed,
      invalidRate: config.invalidRate,
    },
    { customers: 50, rate: 200, durationS: 10, seed: 7, invalidRate: 0.05 },
  );
  assert.equal(config.batchMax, defaults.batchMax);
});

Deno.test("applyFlags: every bad flag is named in one error", () => {
  assert.throws(
    () =>
      applyFlags(defaults, ["--customers", "0", "--invalid-rate", "2", "--bogus", "1", "--rate"]),
    (e: unknown) =>
      e instanceof ConfigError &&
      /--customers 0: expected a whole number from 1/.test(e.message) &&
      /--invalid-rate 2: expected a number from 0 to 1/.test(e.message) &&
      /unknown flag --bogus/.test(e.message) &&
      /--rate \(missing\)/.test(e.message),
  );
});
