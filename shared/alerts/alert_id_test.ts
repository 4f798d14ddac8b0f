import assert from "node:assert/strict";
import { z } from "zod";
import { ALERT_RULES } from "./types.ts";
import { alertId } from "./alert_id.ts";

const OPENED = Date.parse("2026-11-24T12:00:00Z");

Deno.test("alertId: is deterministic", () => {
  assert.equal(alertId("c1", "LOW", OPENED), alertId("c1", "LOW", OPENED));
});

Deno.test("alertId: differs per customer, rule and episode start", () => {
  const ids = new Set(ALERT_RULES.flatMap((rule) => [
    alertId("c1", rule, OPENED),
    alertId("c2", rule, OPENED),
    alertId("c1", rule, OPENED + 1000),
  ]));
  assert.equal(ids.size, ALERT_RULES.length * 3);
});

Deno.test("alertId: is a lowercase version 5 UUID that the wire format accepts", () => {
  const id = alertId("cust-00042", "EXTREME_HIGH", OPENED);
  assert.ok(z.uuid().safeParse(id).success, id);
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
