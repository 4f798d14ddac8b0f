import assert from "node:assert/strict";
import {
  expandMacros,
  formatInterval,
  GrafanaMacroError,
  parseInterval,
  quoteTime,
} from "./grafana_macros.ts";

const range = {
  from: new Date("2026-03-01T10:00:00.000Z"),
  to: new Date("2026-03-01T11:00:00.250Z"),
};
const context = { range, intervalMs: 60_000 };
const expand = (sql: string) => expandMacros(sql, context);

Deno.test("grafana macros: $__timeFilter is an inclusive BETWEEN on RFC 3339 UTC times", () => {
  assert.equal(
    expand("SELECT 1 FROM anomalies WHERE $__timeFilter(event_time)"),
    "SELECT 1 FROM anomalies WHERE event_time BETWEEN '2026-03-01T10:00:00Z' AND '2026-03-01T11:00:00.25Z'",
  );
});

Deno.test("grafana macros: $__timeFrom() and $__timeTo() are quoted times", () => {
  assert.equal(
    expand("minute >= $__timeFrom() AND minute < $__timeTo( )"),
    "minute >= '2026-03-01T10:00:00Z' AND minute < '2026-03-01T11:00:00.25Z'",
  );
});

Deno.test("grafana macros: $__timeGroup floors epoch seconds, $__timeGroupAlias names it time", () => {
  assert.equal(
    expand("GROUP BY $__timeGroup(event_time, '5m')"),
    "GROUP BY floor(extract(epoch from event_time)/300)*300",
  );
  assert.equal(
    expand("SELECT $__timeGroupAlias(minute,'1m'), count(*)"),
    'SELECT floor(extract(epoch from minute)/60)*60 AS "time", count(*)',
  );
  assert.equal(
    expand("SELECT $__timeGroup(t, 500ms, NULL) FROM x"),
    "SELECT floor(extract(epoch from t)/0.5)*0.5 FROM x",
    "a fill value changes Grafana's post-processing, not the SQL",
  );
});

Deno.test("grafana macros: $__timeGroup followed by a comma is aliased, as Grafana still does", () => {
  assert.equal(
    expand("SELECT $__timeGroup(t, '1h'), avg(v) FROM x GROUP BY 1"),
    'SELECT floor(extract(epoch from t)/3600)*3600 AS "time", avg(v) FROM x GROUP BY 1',
  );
});

Deno.test("grafana macros: $__interval and $__interval_ms are replaced before the macros", () => {
  assert.equal(
    expand("SELECT $__timeGroupAlias(t, $__interval), $__interval_ms, ${__interval}"),
    'SELECT floor(extract(epoch from t)/60)*60 AS "time", 60000, 1m',
  );
  assert.equal(
    expandMacros("$__timeGroup(t, $__interval)", { range, intervalMs: 2500 }),
    "floor(extract(epoch from t)/2.5)*2.5",
  );
});

Deno.test("grafana macros: any other macro or variable fails loudly", () => {
  for (
    const sql of [
      "SELECT $__time(t)",
      "SELECT $__unixEpochFilter(t)",
      "WHERE $__timeFilter(t) AND customer = '$customer'",
      "WHERE c = ${customer}",
      "SELECT $__intervalish",
      "SELECT $__timeFilter()",
      "SELECT $__timeFrom(t)",
      "SELECT $__timeGroup(t)",
      "SELECT $__timeGroup(t, '1M')",
      "SELECT $__timeGroup(t, '1m', zero)",
    ]
  ) {
    assert.throws(() => expand(sql), GrafanaMacroError, sql);
  }
  assert.throws(() => expandMacros("SELECT 1", { range, intervalMs: 0 }), GrafanaMacroError);
});

Deno.test("grafana macros: SQL without macros and positional parameters pass unchanged", () => {
  const sql = "SELECT $1::int, $$quoted$$ FROM t";
  assert.equal(expand(sql), sql);
});

Deno.test("grafana macros: intervals parse and format in Grafana's units", () => {
  assert.equal(parseInterval("500ms"), 500);
  assert.equal(parseInterval("1.5h"), 5_400_000);
  assert.equal(parseInterval("1w"), 604_800_000);
  assert.throws(() => parseInterval("5 minutes"), GrafanaMacroError);
  assert.equal(formatInterval(60_000), "1m");
  assert.equal(formatInterval(90_000), "90s");
  assert.equal(formatInterval(86_400_000), "1d");
  assert.equal(formatInterval(1_500), "1500ms");
  assert.equal(quoteTime(new Date("2026-03-01T10:00:00.120Z")), "'2026-03-01T10:00:00.12Z'");
});
