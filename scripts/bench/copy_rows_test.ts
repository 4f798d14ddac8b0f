import assert from "node:assert/strict";
import { COPY_COLUMNS, copyLine, escapeCopyText } from "./copy_rows.ts";

Deno.test("copyLine: the writer's columns in order, \\N for missing optional fields", () => {
  const line = copyLine({
    event_id: "6f1c1d3e-0000-4000-8000-000000000001",
    customer_id: "cust-000042",
    event_time: "2026-11-24T10:15:00.250Z",
    heart_rate: 72,
    schema_version: 1,
    device_id: "dev-000042",
  }, { topic: "bench.raw", partition: 3, offset: 17 });
  assert.equal(
    line,
    "cust-000042\t6f1c1d3e-0000-4000-8000-000000000001\t2026-11-24T10:15:00.250Z\t72\t1\tbench.raw\t3\t17\tdev-000042\t\\N\t\\N\n",
  );
  assert.equal(line.split("\t").length, COPY_COLUMNS.length);
});

Deno.test("escapeCopyText: backslash, tab, newline and CR are escaped; the rest is kept", () => {
  assert.equal(escapeCopyText("a\\b\tc\nd\re"), "a\\\\b\\tc\\nd\\re");
  assert.equal(escapeCopyText("cust-000001"), "cust-000001");
});
