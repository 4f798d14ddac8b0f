import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { signPayload, verifySignature } from "./signature.ts";

const secret = "0123456789abcdef0123456789abcdef";
const body = '{"alert_id":"a","seq":2,"status":"firing"}';

Deno.test('signPayload: t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<body>">, as documented', async () => {
  const header = await signPayload(secret, 1_795_000_000.9, body);
  const expected = createHmac("sha256", secret).update(`1795000000.${body}`).digest("hex");
  assert.equal(header, `t=1795000000,v1=${expected}`);
});

Deno.test("verifySignature: accepts its own signature within the tolerance", async () => {
  const header = await signPayload(secret, 1_795_000_000, body);
  assert.equal(await verifySignature(secret, header, body, 1_795_000_000), true);
  assert.equal(await verifySignature(secret, header, body, 1_795_000_299), true);
  assert.equal(
    await verifySignature(secret, ` ${header.replace(",", " , ")} `, body, 1_795_000_000),
    true,
  );
});

Deno.test("verifySignature: refuses a changed body, another secret, an old or malformed header", async () => {
  const header = await signPayload(secret, 1_795_000_000, body);
  const now = 1_795_000_000;
  assert.equal(
    await verifySignature(secret, header, body.replace("firing", "resolved"), now),
    false,
  );
  assert.equal(await verifySignature(`${secret}x`, header, body, now), false);
  assert.equal(await verifySignature(secret, header, body, now + 301), false, "replayed later");
  assert.equal(
    await verifySignature(secret, header.replace(/t=\d+/, "t=1795000001"), body, now),
    false,
  );
  assert.equal(await verifySignature(secret, null, body, now), false);
  assert.equal(await verifySignature(secret, "v1=abc", body, now), false);
  assert.equal(await verifySignature(secret, "t=1795000000", body, now), false);
  assert.equal(await verifySignature(secret, "", body, now), false);
});
