import assert from "node:assert/strict";
import { outputPaths, parseBenchFlags, stepsToRun } from "./flags.ts";
import { ConfigError } from "../../shared/config/mod.ts";

Deno.test("parseBenchFlags: switches and --out in both spellings", () => {
  assert.deepEqual(parseBenchFlags([]), {
    smoke: false,
    useRunningStack: false,
    keepInfra: false,
    help: false,
  });
  assert.deepEqual(parseBenchFlags(["--smoke", "--use-running-stack", "--out", "x/y/"]), {
    smoke: true,
    useRunningStack: true,
    keepInfra: false,
    help: false,
    out: "x/y",
  });
  assert.equal(parseBenchFlags(["--out=.cache/b", "--keep-infra"]).out, ".cache/b");
});

Deno.test("parseBenchFlags: every bad flag is named at once, with the usage", () => {
  assert.throws(
    () => parseBenchFlags(["--fast", "--smoke=yes", "--out"]),
    (e) =>
      e instanceof ConfigError &&
      /unknown flag --fast; unknown flag --smoke=yes; --out needs a folder\. usage: deno task bench/
        .test(e.message),
  );
  assert.throws(() => parseBenchFlags(["--out", "--smoke"]), /--out needs a folder/);
});

Deno.test("outputPaths: full run to bench/results and docs, smoke to .cache, --out to its folder", () => {
  const at = "2026-05-01T10:00:00.123Z";
  assert.deepEqual(outputPaths(parseBenchFlags([]), at), {
    json: "bench/results/2026-05-01T10-00-00Z.json",
    markdown: "bench/results/2026-05-01T10-00-00Z.md",
    chart: "docs/performance.svg",
  });
  assert.deepEqual(outputPaths(parseBenchFlags(["--smoke"]), at), {
    json: ".cache/bench/2026-05-01T10-00-00Z.json",
    markdown: ".cache/bench/2026-05-01T10-00-00Z.md",
    chart: ".cache/bench/2026-05-01T10-00-00Z.svg",
  });
  assert.equal(
    outputPaths(parseBenchFlags(["--out", "o"]), at).chart,
    "o/2026-05-01T10-00-00Z.svg",
  );
});

Deno.test("parseBenchFlags: --only takes known step names, in run order, both spellings", () => {
  assert.deepEqual(parseBenchFlags(["--only", "memory,clientDrain"]).only, [
    "clientDrain",
    "memory",
  ]);
  assert.deepEqual(parseBenchFlags(["--only=micro"]).only, ["micro"]);
  assert.equal(parseBenchFlags([]).only, undefined);
  assert.throws(() => parseBenchFlags(["--only", "drains"]), /--only: unknown step drains/);
  assert.throws(() => parseBenchFlags(["--only", "--smoke"]), /--only needs a step list/);
});

Deno.test("outputPaths: an --only run goes to .cache/bench, without a chart", () => {
  assert.deepEqual(outputPaths(parseBenchFlags(["--only", "memory"]), "2026-05-01T10:00:00Z"), {
    json: ".cache/bench/2026-05-01T10-00-00Z.json",
    markdown: ".cache/bench/2026-05-01T10-00-00Z.md",
  });
});

Deno.test("stepsToRun: a step on the backlog brings the producer, the detector drain the writer's", () => {
  assert.deepEqual([...stepsToRun(["memory"])], ["memory"]);
  assert.deepEqual([...stepsToRun(["clientDrain"])].sort(), ["clientDrain", "producer"]);
  assert.deepEqual([...stepsToRun(["detectorDrain"])].sort(), [
    "consumerDrain",
    "detectorDrain",
    "producer",
  ]);
});
