import assert from "node:assert/strict";
import { decodeBase64, encodeBase64 } from "./base64.ts";

Deno.test("base64: round-trips arbitrary bytes, including invalid UTF-8 and large inputs", () => {
  const bytes = new Uint8Array(100_000).map((_, i) => (i * 7919) % 256);
  assert.deepEqual(decodeBase64(encodeBase64(bytes)), bytes);
  assert.equal(encodeBase64(new Uint8Array([0xff, 0xfe, 0x00])), "//4A");
  assert.equal(encodeBase64(new TextEncoder().encode("hi")), "aGk=");
});
