import assert from "node:assert/strict";
import { storableText } from "./store.ts";

Deno.test("storableText: escapes U+0000 (PostgreSQL text refuses it) and caps the length", () => {
  assert.equal(storableText('got string "a\u0000b"'), 'got string "a\\u0000b"');
  assert.equal(storableText("plain"), "plain");
  const long = storableText("x".repeat(5000));
  assert.equal(long.length, 1000);
  assert.ok(long.endsWith("…"));
});
