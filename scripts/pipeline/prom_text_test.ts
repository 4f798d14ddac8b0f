import assert from "node:assert/strict";
import { sumByName } from "./prom_text.ts";

Deno.test("sumByName: sums samples over labels, skips comments, buckets and NaN", () => {
  const text = [
    "# HELP heartbeat_invalid_total x",
    "# TYPE heartbeat_invalid_total counter",
    'heartbeat_invalid_total{reason="INVALID_JSON",service="consumer"} 3',
    'heartbeat_invalid_total{reason="MISSING_KEY",service="consumer"} 4',
    'heartbeat_db_inserts_total{service="consumer"} 1200',
    'heartbeat_batch_size_bucket{le="10",service="consumer"} 5',
    'heartbeat_batch_size_sum{service="consumer"} 99',
    "odd_metric NaN",
    "",
  ].join("\n");
  const sums = sumByName(text);
  assert.equal(sums.get("heartbeat_invalid_total"), 7);
  assert.equal(sums.get("heartbeat_db_inserts_total"), 1200);
  assert.equal(sums.get("heartbeat_batch_size_sum"), 99);
  assert.equal(sums.has("heartbeat_batch_size_bucket"), false);
  assert.equal(sums.has("odd_metric"), false);
});
