import assert from "node:assert/strict";
import { bearerToken, createTokenCheck } from "./auth.ts";

const TOKEN = "0123456789abcdef-token";
const request = (authorization?: string) =>
  new Request("http://dashboard/api/overview", {
    headers: authorization === undefined ? {} : { authorization },
  });

Deno.test("token check: without a configured token every request passes", async () => {
  const check = createTokenCheck(undefined);
  assert.equal(await check(request()), true);
  assert.equal(await check(request("Bearer whatever")), true);
});

Deno.test("token check: with a token, only `Authorization: Bearer <token>` passes", async () => {
  const check = createTokenCheck(TOKEN);
  assert.equal(await check(request(`Bearer ${TOKEN}`)), true);
  assert.equal(await check(request(`bearer ${TOKEN}`)), true, "the scheme is case-insensitive");
  assert.equal(await check(request()), false, "no header");
  assert.equal(await check(request(`Basic ${TOKEN}`)), false, "another scheme");
  assert.equal(await check(request(`Bearer ${TOKEN}x`)), false, "a longer token");
  assert.equal(await check(request(`Bearer ${TOKEN.slice(0, -1)}`)), false, "a prefix");
  assert.equal(await check(request("Bearer ")), false, "an empty token");
  assert.equal(await check(request(TOKEN)), false, "no scheme");
});

Deno.test("token check: the header parser takes one token and nothing else", () => {
  assert.equal(bearerToken("Bearer abc"), "abc");
  assert.equal(bearerToken("Bearer   abc  "), "abc");
  assert.equal(bearerToken("Bearer abc def"), undefined);
  assert.equal(bearerToken(null), undefined);
});
