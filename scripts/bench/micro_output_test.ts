import assert from "node:assert/strict";
import { parseDenoBench, readingsPerIteration } from "./micro_output.ts";
import { BenchError } from "./errors.ts";

const output = (benches: unknown[]) =>
  JSON.stringify({ version: 1, runtime: "Deno/2.9.6", cpu: "x", benches });

Deno.test("parseDenoBench: readings per second from the average time per iteration", () => {
  const results = parseDenoBench(
    output([
      {
        origin: "file:///repo/shared/rules/evaluate_reading_bench.ts",
        group: "rules",
        name: "rules: evaluateReading × 100000 (10k customers)",
        baseline: true,
        results: [{ ok: { n: 28, avg: 25_000_000, min: 1, max: 2 } }],
      },
      {
        origin: "file:///repo/shared/validation/validate_record_bench.ts",
        name: "validateRecord: valid reading",
        results: [{ ok: { avg: 2_000 } }],
      },
    ]),
    "file:///repo/",
  );
  assert.deepEqual(results, [
    {
      file: "shared/rules/evaluate_reading_bench.ts",
      name: "rules: evaluateReading × 100000 (10k customers)",
      nsPerIteration: 25_000_000,
      readingsPerIteration: 100_000,
      readingsPerSecond: 4_000_000,
    },
    {
      file: "shared/validation/validate_record_bench.ts",
      name: "validateRecord: valid reading",
      nsPerIteration: 2_000,
      readingsPerIteration: 1,
      readingsPerSecond: 500_000,
    },
  ]);
});

Deno.test("readingsPerIteration: × N with separators, else one", () => {
  assert.equal(readingsPerIteration("x × 1_000"), 1000);
  assert.equal(readingsPerIteration("x ×10,000 y"), 10_000);
  assert.equal(readingsPerIteration("plain"), 1);
});

Deno.test("parseDenoBench: a failed bench or non-JSON output is a BenchError", () => {
  assert.throws(() => parseDenoBench("Check file.ts\nerror", "/"), BenchError);
  assert.throws(
    () =>
      parseDenoBench(
        output([{ origin: "file:///a.ts", name: "boom", results: [{ failed: "Error" }] }]),
        "/",
      ),
    (e) => e instanceof BenchError && /"boom"/.test(e.message),
  );
});
