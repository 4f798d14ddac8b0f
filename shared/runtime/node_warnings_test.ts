import assert from "node:assert/strict";
import process from "node:process";
import { silenceNegativeTimeoutWarning } from "./node_warnings.ts";

Deno.test("silenceNegativeTimeoutWarning: drops TimeoutNegativeWarning and keeps every other warning", () => {
  const seen: string[] = [];
  const listener = (warning: Error) => seen.push(warning.name);
  process.on("warning", listener);
  const original = process.emitWarning;
  try {
    silenceNegativeTimeoutWarning();
    process.emitWarning("-5 is a negative number.", "TimeoutNegativeWarning");
    process.emitWarning("something else", "ExperimentalWarning");
    process.emitWarning("options form", { type: "TimeoutNegativeWarning" } as never);
  } finally {
    process.emitWarning = original;
  }
  return new Promise<void>((resolve) =>
    setTimeout(() => {
      process.off("warning", listener);
      assert.deepEqual(seen, ["ExperimentalWarning"]);
      resolve();
    }, 10)
  );
});
