import assert from "node:assert/strict";
import { encodeUtf8 } from "./record.ts";

Deno.test("encodeUtf8: gives the same bytes as TextEncoder, for ASCII and beyond", () => {
  const encoder = new TextEncoder();
  for (const text of ["", '{"heart_rate":72}', "Zoë ♥ 💓", "a\u007f\u0080"]) {
    assert.deepEqual(encodeUtf8(text), encoder.encode(text), text);
  }
});
