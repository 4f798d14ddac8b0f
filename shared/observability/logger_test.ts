import assert from "node:assert/strict";
import { createLogger } from "./logger.ts";

const fixed = () => new Date("2026-01-01T00:00:00.000Z");

Deno.test("createLogger: writes one JSON object per line with service, level and fields", () => {
  const lines: string[] = [];
  const log = createLogger("consumer", "info", (line) => lines.push(line), fixed);
  log.info("batch stored", { rows: 3 });
  assert.deepEqual(lines.map((l) => JSON.parse(l)), [
    {
      ts: "2026-01-01T00:00:00.000Z",
      level: "info",
      service: "consumer",
      msg: "batch stored",
      rows: 3,
    },
  ]);
});

Deno.test("createLogger: drops lines below the configured level", () => {
  const lines: string[] = [];
  const log = createLogger("x", "warn", (line) => lines.push(line), fixed);
  log.debug("a");
  log.info("b");
  log.warn("c");
  log.error("d");
  assert.deepEqual(lines.map((l) => JSON.parse(l).msg), ["c", "d"]);
});

Deno.test("createLogger: child loggers add fields; errors and bigints survive encoding", () => {
  const lines: string[] = [];
  const log = createLogger("x", "debug", (line) => lines.push(line), fixed).child({ partition: 4 });
  const error = Object.assign(new Error("boom"), { code: "ECONNRESET" });
  log.error("failed", { error, offset: 10n });
  const record = JSON.parse(lines[0]!);
  assert.equal(record.partition, 4);
  assert.deepEqual(record.error, { name: "Error", message: "boom", code: "ECONNRESET" });
  assert.equal(record.offset, "10");
});
