import assert from "node:assert/strict";
import type { AckResult, AlertRecord } from "./alert_queries.ts";
import { ACK_BODY_MAX_BYTES, parseAckBody } from "./ack.ts";
import { createApp, type DashboardApp } from "./app.ts";
import { DashboardError } from "./http_error.ts";
import type { DashboardSources } from "./sources.ts";
import { buildAssets } from "./static_assets.ts";

const TOKEN = "test-token-0123456789";
const ID = "5df41881-3aed-5515-88a7-2f4a814cf09e";
const assets = await buildAssets(new Map());

const alert: AlertRecord = {
  alertId: ID,
  customerId: "cust-1",
  rule: "HIGH",
  priority: "high",
  status: "firing",
  flapping: false,
  openedAt: new Date("2026-11-24T10:00:00Z"),
  firedAt: new Date("2026-11-24T10:00:10Z"),
  resolvedAt: null,
  lastSeq: 2,
  value: 152,
  threshold: 140,
  reason: "heart rate >= 140 bpm in 8 of the last 10 s",
  updatedAt: new Date("2026-11-24T10:00:10.300Z"),
  acknowledgedBy: null,
  acknowledgedAt: null,
  ackNote: null,
};

/** An app whose sources acknowledge `ID` once and know no other alert. */
function appWith(token?: string): { app: DashboardApp; acks: unknown[][] } {
  const acks: unknown[][] = [];
  let acknowledged: AlertRecord | undefined;
  const sources = {
    acknowledgeAlert(alertId: string, ack: { by: string; note?: string }): Promise<AckResult> {
      acks.push([alertId, ack]);
      if (alertId !== ID) return Promise.resolve({ outcome: "not_found" });
      if (acknowledged) {
        return Promise.resolve({ outcome: "already_acknowledged", alert: acknowledged });
      }
      acknowledged = {
        ...alert,
        acknowledgedBy: ack.by,
        acknowledgedAt: new Date("2026-11-24T10:05:00Z"),
        ackNote: ack.note ?? null,
      };
      return Promise.resolve({ outcome: "acknowledged", alert: acknowledged });
    },
  } as unknown as DashboardSources;
  return { app: createApp({ sources, assets, token, schedule: () => () => {} }), acks };
}

function post(
  app: DashboardApp,
  path: string,
  body: string | undefined,
  headers: Record<string, string> = { "content-type": "application/json" },
) {
  return app.fetch(new Request(`http://dashboard${path}`, { method: "POST", body, headers }));
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return (await response.json()).error;
}

Deno.test("ack: records who and the note, answers the alert; a second ack is 409", async () => {
  const { app, acks } = appWith();
  const first = await post(app, `/api/alerts/${ID}/ack`, '{"by":" dr. ada ","note":"called"}');
  assert.equal(first.status, 200);
  assert.equal(first.headers.get("cache-control"), "no-store");
  const body = await first.json();
  assert.equal(body.alert.acknowledgedBy, "dr. ada");
  assert.equal(body.alert.ackNote, "called");
  assert.equal(body.alert.acknowledgedAt, "2026-11-24T10:05:00.000Z");
  const second = await post(app, `/api/alerts/${ID.toUpperCase()}/ack`, '{"by":"bob"}');
  assert.equal(second.status, 409);
  const conflict = await errorOf(second);
  assert.equal(conflict.code, "CONFLICT");
  assert.match(
    conflict.message,
    /acknowledged already, by "dr\. ada" at 2026-11-24T10:05:00\.000Z/,
  );
  assert.deepEqual(acks, [[ID, { by: "dr. ada", note: "called" }], [ID, { by: "bob" }]]);
});

Deno.test("ack: an unknown alert is 404, a malformed id 400", async () => {
  const { app } = appWith();
  const unknown = await post(
    app,
    "/api/alerts/00000000-0000-0000-0000-000000000000/ack",
    '{"by":"ann"}',
  );
  assert.equal(unknown.status, 404);
  assert.match((await errorOf(unknown)).message, /No alert 00000000-/);
  const bad = await post(app, "/api/alerts/not-a-uuid/ack", '{"by":"ann"}');
  assert.equal(bad.status, 400);
  assert.equal((await errorOf(bad)).code, "INVALID_PARAMS");
});

Deno.test("ack: bad bodies are 400 INVALID_BODY naming the field; other types 415", async () => {
  const { app, acks } = appWith();
  const cases: [string | undefined, RegExp][] = [
    ['{"note":"x"}', /by: expected a string: who acknowledges/],
    ['{"by":"   "}', /by: expected who acknowledges/],
    [`{"by":"${"x".repeat(101)}"}`, /by: expected at most 100 characters/],
    ['{"by":"a\\u0000b"}', /by: expected no control characters/],
    ['{"by":"ann","note":7}', /note: expected a string/],
    ['{"by":"ann","extra":1}', /extra: unknown field \(expected by, note\)/],
    ['["ann"]', /body: expected a JSON object/],
    ["{by: ann}", /not valid JSON/],
    [undefined, /not valid JSON/],
    [`{"by":"ann","note":"${"n".repeat(ACK_BODY_MAX_BYTES)}"}`, /larger than 8192 bytes/],
  ];
  for (const [body, message] of cases) {
    const response = await post(app, `/api/alerts/${ID}/ack`, body);
    assert.equal(response.status, 400, body?.slice(0, 40));
    const error = await errorOf(response);
    assert.equal(error.code, "INVALID_BODY");
    assert.match(error.message, message);
  }
  for (const type of ["text/plain", "application/x-www-form-urlencoded", ""]) {
    const response = await post(
      app,
      `/api/alerts/${ID}/ack`,
      '{"by":"ann"}',
      type ? { "content-type": type } : {},
    );
    assert.equal(response.status, 415, type);
    assert.equal((await errorOf(response)).code, "UNSUPPORTED_MEDIA_TYPE");
  }
  assert.equal(
    (await post(app, `/api/alerts/${ID}/ack`, '{"by":"ann"}', {
      "content-type": "application/json; charset=utf-8",
    })).status,
    200,
  );
  assert.equal(acks.length, 1, "nothing reached the database but the good one");
});

Deno.test("ack: only POST, only on the ack path (405 with the right Allow)", async () => {
  const { app } = appWith();
  const get = await app.fetch(new Request(`http://dashboard/api/alerts/${ID}/ack`));
  assert.equal(get.status, 405);
  assert.equal(get.headers.get("allow"), "POST");
  const elsewhere = await post(app, "/api/alerts", '{"by":"ann"}');
  assert.equal(elsewhere.status, 405);
  assert.equal(elsewhere.headers.get("allow"), "GET, HEAD");
  await elsewhere.body?.cancel();
});

Deno.test("ack: with DASHBOARD_TOKEN it needs the bearer token, checked before the body", async () => {
  const { app, acks } = appWith(TOKEN);
  const refused = await post(app, `/api/alerts/${ID}/ack`, '{"by":"ann"}');
  assert.equal(refused.status, 401);
  assert.equal((await errorOf(refused)).code, "UNAUTHORIZED");
  const badBody = await post(app, `/api/alerts/${ID}/ack`, "nope", {
    "content-type": "text/plain",
  });
  assert.equal(badBody.status, 401, "the token first, whatever the body");
  await badBody.body?.cancel();
  const allowed = await post(app, `/api/alerts/${ID}/ack`, '{"by":"ann"}', {
    "content-type": "application/json",
    authorization: `Bearer ${TOKEN}`,
  });
  assert.equal(allowed.status, 200);
  await allowed.body?.cancel();
  assert.equal(acks.length, 1);
});

Deno.test("parseAckBody: trims, drops an empty note, keeps line breaks in a note", () => {
  assert.deepEqual(parseAckBody({ by: " ann ", note: "" }), { by: "ann" });
  assert.deepEqual(parseAckBody({ by: "ann", note: "line 1\nline 2" }), {
    by: "ann",
    note: "line 1\nline 2",
  });
  assert.throws(
    () => parseAckBody({ by: "ann", note: "a\u0007b" }),
    (e: unknown) => e instanceof DashboardError && e.details[0]?.param === "note",
  );
});
