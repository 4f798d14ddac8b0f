import assert from "node:assert/strict";
import { RecentKeys } from "./recent_keys.ts";

Deno.test("RecentKeys: remembers up to its capacity, forgetting the oldest first", () => {
  const recent = new RecentKeys(2);
  recent.add("a:1");
  recent.add("a:2");
  assert.ok(recent.has("a:1") && recent.has("a:2"));
  recent.add("a:3");
  assert.equal(recent.has("a:1"), false);
  assert.ok(recent.has("a:2") && recent.has("a:3"));
  assert.equal(recent.size, 2);
});

Deno.test("RecentKeys: adding a key again makes it the newest", () => {
  const recent = new RecentKeys(2);
  recent.add("a:1");
  recent.add("a:2");
  recent.add("a:1");
  recent.add("a:3");
  assert.ok(recent.has("a:1"));
  assert.equal(recent.has("a:2"), false);
});

Deno.test("RecentKeys: capacity 0 remembers nothing", () => {
  const recent = new RecentKeys(0);
  recent.add("a:1");
  assert.equal(recent.has("a:1"), false);
  assert.equal(recent.size, 0);
});
