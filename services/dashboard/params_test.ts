import assert from "node:assert/strict";
import { DashboardError } from "./http_error.ts";
import {
  AlertsParams,
  AnomaliesParams,
  CustomerSearchParams,
  NoParams,
  OverviewParams,
  parseAlertId,
  parseCustomerId,
  parseParams,
  RoutedParams,
} from "./params.ts";

const query = (text: string) => new URLSearchParams(text);

function refusal(fn: () => unknown): DashboardError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DashboardError) return error;
    throw error;
  }
  assert.fail("expected a DashboardError");
}

Deno.test("params: defaults fill what is not given, and an empty value counts as not given", () => {
  assert.deepEqual(parseParams(OverviewParams, query("")), { minutes: 15 });
  assert.deepEqual(parseParams(OverviewParams, query("minutes=")), { minutes: 15 });
  assert.deepEqual(parseParams(AnomaliesParams, query("type=&customer=")), {
    minutes: 60,
    limit: 50,
  });
  assert.deepEqual(parseParams(CustomerSearchParams, query("")), { q: "", limit: 20 });
});

Deno.test("params: numbers are whole and within the endpoint's bounds", () => {
  assert.deepEqual(parseParams(OverviewParams, query("minutes=60")), { minutes: 60 });
  for (const bad of ["61", "4", "-5", "1.5", "1e3", "abc", "99999999999"]) {
    const error = refusal(() => parseParams(OverviewParams, query(`minutes=${bad}`)));
    assert.equal(error.code, "INVALID_PARAMS");
    assert.equal(error.status, 400);
    assert.deepEqual(error.details, [
      { param: "minutes", message: "expected a whole number from 5 to 60" },
    ]);
    assert.equal(
      error.message,
      `Invalid parameters: minutes=${JSON.stringify(bad)}: expected a whole number from 5 to 60`,
    );
  }
  assert.equal(
    refusal(() => parseParams(AnomaliesParams, query("limit=201"))).details[0]?.param,
    "limit",
  );
  assert.equal(
    refusal(() => parseParams(AnomaliesParams, query("minutes=1441"))).details[0]?.param,
    "minutes",
  );
});

Deno.test("params: unknown and repeated parameters are refused, each named", () => {
  const error = refusal(() => parseParams(OverviewParams, query("minutes=5&minutes=6&window=3")));
  assert.deepEqual(error.details, [
    { param: "minutes", message: "given more than once" },
    { param: "window", message: "unknown parameter (expected minutes)" },
  ]);
  assert.match(error.message, /window="3": unknown parameter/);
  assert.deepEqual(
    refusal(() => parseParams(NoParams, query("x=1"))).details,
    [{ param: "x", message: "unknown parameter: this endpoint takes none" }],
  );
});

Deno.test("params: filters take only the contract's types, severities and customer ids", () => {
  assert.deepEqual(
    parseParams(AnomaliesParams, query("type=SPIKE&severity=medium&customer=cust-000042&limit=10")),
    { type: "SPIKE", severity: "medium", customer: "cust-000042", minutes: 60, limit: 10 },
  );
  const error = refusal(() =>
    parseParams(AnomaliesParams, query("type=spike&severity=urgent&customer=has%20space"))
  );
  assert.deepEqual(error.details.map((d) => d.param), ["type", "severity", "customer"]);
  assert.deepEqual(
    parseParams(RoutedParams, query("destination=dlq&reason=22021")),
    { destination: "dlq", reason: "22021", minutes: 60, limit: 50 },
  );
  assert.equal(
    refusal(() => parseParams(RoutedParams, query("reason=x;drop"))).details[0]?.param,
    "reason",
  );
});

Deno.test("params: a cursor is the one a previous page gave, parsed into its parts", () => {
  const id = "5d2f7a49-1c3e-4f7e-9a0b-2b6f8c1d9e00";
  const parsed = parseParams(AnomaliesParams, query(`before=1795536763639001_${id}`));
  assert.deepEqual(parsed.before, { micros: 1795536763639001n, anomalyId: id });
  const error = refusal(() => parseParams(AnomaliesParams, query("before=2026-11-24T10:00:00Z")));
  assert.deepEqual(error.details, [
    { param: "before", message: "expected the nextCursor of a previous page" },
  ]);
});

Deno.test("params: a customer id in the path is percent-decoded and checked", () => {
  assert.equal(parseCustomerId("cust-000042"), "cust-000042");
  assert.equal(parseCustomerId("a%2Fb%3F"), "a/b?");
  assert.equal(refusal(() => parseCustomerId("a%20b")).details[0]?.param, "customerId");
  assert.match(refusal(() => parseCustomerId("%E0%A4%A")).message, /malformed percent-encoding/);
  assert.equal(refusal(() => parseCustomerId("x".repeat(65))).code, "INVALID_PARAMS");
});

Deno.test("params: alerts are open by default; status, rule and customer are checked", () => {
  assert.deepEqual(parseParams(AlertsParams, query("")), { status: "open", limit: 50 });
  assert.deepEqual(
    parseParams(AlertsParams, query("status=all&rule=IRREGULAR_RHYTHM&customer=c-1&limit=200")),
    { status: "all", rule: "IRREGULAR_RHYTHM", customer: "c-1", limit: 200 },
  );
  const error = refusal(() =>
    parseParams(AlertsParams, query("status=closed&rule=LOW_HEART_RATE&limit=201"))
  );
  assert.deepEqual(error.details.map((d) => d.param).sort(), ["limit", "rule", "status"]);
});

Deno.test("parseAlertId: a UUID, lower-cased; anything else is INVALID_PARAMS", () => {
  assert.equal(
    parseAlertId("5DF41881-3AED-5515-88A7-2F4A814CF09E"),
    "5df41881-3aed-5515-88a7-2f4a814cf09e",
  );
  for (const bad of ["", "5df41881", "5df41881-3aed-5515-88a7-2f4a814cf09e-", "x".repeat(36)]) {
    assert.equal(refusal(() => parseAlertId(bad)).code, "INVALID_PARAMS", bad);
  }
});
