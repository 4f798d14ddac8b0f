import assert from "node:assert/strict";
import { fetchResponseMaxBytes } from "./fetch_size.ts";

Deno.test("fetchResponseMaxBytes: one response holds what the loop works on at once", () => {
  assert.equal(fetchResponseMaxBytes(4, 1_048_576), 4_194_304);
  assert.equal(fetchResponseMaxBytes(1, 65_536), 65_536);
});

Deno.test("fetchResponseMaxBytes: never above kafkajs's default of 10 MiB", () => {
  assert.equal(fetchResponseMaxBytes(4, 8_388_608), 10_485_760);
  assert.equal(fetchResponseMaxBytes(64, 1_048_576), 10_485_760);
});
