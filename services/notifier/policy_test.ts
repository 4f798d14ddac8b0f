import assert from "node:assert/strict";
import { classifyStatus, parseRetryAfter, retryDelayMs } from "./policy.ts";

Deno.test("classifyStatus: 2xx delivered; 408, 429 and 5xx retried; other 3xx/4xx refused", () => {
  const table: [number, string][] = [
    [200, "delivered"],
    [201, "delivered"],
    [204, "delivered"],
    [299, "delivered"],
    [408, "retry"],
    [429, "retry"],
    [500, "retry"],
    [502, "retry"],
    [503, "retry"],
    [504, "retry"],
    [599, "retry"],
    [301, "refused"],
    [302, "refused"],
    [307, "refused"],
    [400, "refused"],
    [401, "refused"],
    [403, "refused"],
    [404, "refused"],
    [409, "refused"],
    [410, "refused"],
    [413, "refused"],
    [422, "refused"],
    [100, "refused"],
  ];
  for (const [status, verdict] of table) assert.equal(classifyStatus(status), verdict, `${status}`);
});

const backoff = { initialMs: 500, maxMs: 60_000 };

Deno.test("retryDelayMs: doubles from the initial delay up to the cap", () => {
  const top = () => 0.999_999; // the top of each jitter range: the exponential step itself
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 20, 200].map((n) => retryDelayMs(n, backoff, top)),
    [500, 1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000],
  );
});

Deno.test("retryDelayMs: equal jitter keeps each delay within [step/2, step]", () => {
  const bottom = () => 0;
  assert.deepEqual(
    [1, 2, 3, 8].map((n) => retryDelayMs(n, backoff, bottom)),
    [250, 500, 1000, 30_000],
  );
  assert.equal(retryDelayMs(3, backoff, () => 0.5), 1500);
  // A seeded walk: every delay inside its range, the ranges growing.
  let seed = 7;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  for (let n = 1; n <= 12; n++) {
    const step = Math.min(60_000, 500 * 2 ** (n - 1));
    const delay = retryDelayMs(n, backoff, random);
    assert.ok(
      delay >= step / 2 && delay <= step,
      `attempt ${n}: ${delay} outside [${step / 2}, ${step}]`,
    );
  }
});

Deno.test("retryDelayMs: Retry-After is a floor, but the cap still holds", () => {
  const bottom = () => 0;
  assert.equal(retryDelayMs(1, backoff, bottom, 7000), 7000, "asked for 7 s: waits 7 s");
  assert.equal(
    retryDelayMs(8, backoff, bottom, 1000),
    30_000,
    "a shorter ask never shortens backoff",
  );
  assert.equal(retryDelayMs(1, backoff, bottom, 3_600_000), 60_000, "an hour is capped");
  assert.equal(retryDelayMs(1, backoff, bottom, 0), 250, "Retry-After: 0 leaves the backoff");
});

Deno.test("parseRetryAfter: delay-seconds and HTTP-dates; anything else is ignored", () => {
  const now = Date.parse("2026-11-24T10:00:00Z");
  assert.equal(parseRetryAfter("120", now), 120_000);
  assert.equal(parseRetryAfter(" 0 ", now), 0);
  assert.equal(parseRetryAfter("Tue, 24 Nov 2026 10:00:30 GMT", now), 30_000);
  assert.equal(parseRetryAfter("Tue, 24 Nov 2026 09:00:00 GMT", now), 0, "a past date: now");
  assert.equal(parseRetryAfter(null, now), undefined);
  assert.equal(parseRetryAfter("-5", now), undefined);
  assert.equal(parseRetryAfter("1.5", now), undefined);
  assert.equal(parseRetryAfter("soon", now), undefined);
  assert.equal(parseRetryAfter("", now), undefined);
});
