import assert from "node:assert/strict";
import { z } from "zod";
import { Prng } from "./prng.ts";
import { nextUuidV4 } from "./uuid.ts";

Deno.test("nextUuidV4: RFC 9562 version 4, variant 10xx, accepted by z.uuid()", () => {
  const prng = Prng.fromSeed(3);
  const schema = z.uuid();
  for (let i = 0; i < 2_000; i++) {
    const id = nextUuidV4(prng);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(schema.safeParse(id).success, id);
  }
});

Deno.test("nextUuidV4: deterministic from the seed, and no repeats in 200k", () => {
  assert.equal(nextUuidV4(Prng.fromSeed(11)), nextUuidV4(Prng.fromSeed(11)));
  const prng = Prng.fromSeed(11);
  const seen = new Set<string>();
  for (let i = 0; i < 200_000; i++) seen.add(nextUuidV4(prng));
  assert.equal(seen.size, 200_000);
});
