import assert from "node:assert/strict";
import { EvalError } from "./errors.ts";
import { parseEvalFlags } from "./flags.ts";

function problems(argv: string[]): string {
  try {
    parseEvalFlags(argv);
  } catch (error) {
    assert.ok(error instanceof EvalError);
    assert.equal(error.code, "EVAL_ARGUMENTS_INVALID");
    return error.message;
  }
  assert.fail("expected an EvalError");
}

Deno.test("parseEvalFlags: no flags mean the scenarios with the documented defaults", () => {
  assert.deepEqual(parseEvalFlags([]), {
    help: false,
    seed: 1,
    customers: 100,
    hours: 1,
    maskS: [],
  });
  assert.equal(parseEvalFlags(["--scenarios"]).data, undefined);
});

Deno.test("parseEvalFlags: values given as --flag value or --flag=value", () => {
  const flags = parseEvalFlags([
    "--data",
    "../shared/data/mitbih-hr",
    "--mask=10,45,90",
    "--seed",
    "7",
    "--json=out.json",
  ]);
  assert.equal(flags.data, "../shared/data/mitbih-hr");
  assert.deepEqual(flags.maskS, [10, 45, 90]);
  assert.equal(flags.seed, 7);
  assert.equal(flags.json, "out.json");
  const sized = parseEvalFlags(["--customers", "20", "--hours", "0.5"]);
  assert.equal(sized.customers, 20);
  assert.equal(sized.hours, 0.5);
});

Deno.test("parseEvalFlags: every bad flag is named in one error", () => {
  const message = problems(["--seed", "x", "--hours", "0", "--bogus", "--json"]);
  assert.match(message, /--seed "x": expected a whole number/);
  assert.match(message, /--hours "0": expected more than 0/);
  assert.match(message, /unknown argument --bogus/);
  assert.match(message, /--json needs a value/);
});

Deno.test("parseEvalFlags: inputs and the flags that belong to them are checked together", () => {
  assert.match(problems(["--data", "d", "--scenarios"]), /run the evaluation once for each/);
  assert.match(problems(["--mask", "10"]), /--mask .* needs --data/);
  assert.match(problems(["--data", "d", "--customers", "5"]), /size the scenarios/);
  assert.match(problems(["--data", "d", "--mask", "10,x"]), /expected seconds separated by commas/);
  assert.match(problems(["--data", "--json", "x"]), /--data needs a value/);
});

Deno.test("parseEvalFlags: the `--` that `deno task eval -- --data DIR` passes on is skipped", () => {
  const flags = parseEvalFlags(["--", "--data", "some/dir"]);
  assert.equal(flags.data, "some/dir");
  assert.throws(() => parseEvalFlags(["--data", "x", "--"]), /unknown argument --/);
});
