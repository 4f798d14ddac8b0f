import assert from "node:assert/strict";
import { createLogger } from "../../shared/observability/mod.ts";
import { createApp, type DashboardApp } from "./app.ts";
import { DashboardError } from "./http_error.ts";
import type { Overview } from "./overview.ts";
import type { DashboardSources } from "./sources.ts";
import { buildAssets } from "./static_assets.ts";

const TOKEN = "test-token-0123456789";
const encoder = new TextEncoder();
const assets = await buildAssets(
  new Map([
    ["/static/index.html", encoder.encode("<!doctype html><title>t</title>")],
    ["/static/app.js", encoder.encode("export {};")],
  ]),
);

function overviewOf(minutes: number, n = 0): Overview {
  return { generatedAt: new Date(0), windowMinutes: minutes, n } as unknown as Overview;
}

/** Sources that answer canned data and record what they were asked. */
function fakeSources(overrides: Partial<DashboardSources> = {}) {
  const calls: unknown[][] = [];
  let overviews = 0;
  const sources: DashboardSources = {
    overview: (minutes) => {
      calls.push(["overview", minutes]);
      return Promise.resolve(overviewOf(minutes, ++overviews));
    },
    searchCustomers: (prefix, limit) => {
      calls.push(["search", prefix, limit]);
      return Promise.resolve(["cust-1", "cust-2"]);
    },
    customer: (id, minutes) => {
      calls.push(["customer", id, minutes]);
      return Promise.resolve(id === "cust-1" ? { customerId: id } as never : undefined);
    },
    anomalies: (filter) => {
      calls.push(["anomalies", filter]);
      return Promise.resolve({ anomalies: [], nextCursor: null });
    },
    routed: (filter) => {
      calls.push(["routed", filter]);
      return Promise.resolve([]);
    },
    pipeline: () => Promise.resolve({ topics: [] } as never),
    alerts: (filter) => {
      calls.push(["alerts", filter]);
      return Promise.resolve([]);
    },
    acknowledgeAlert: (alertId, ack) => {
      calls.push(["ack", alertId, ack]);
      return Promise.resolve({ outcome: "not_found" });
    },
    health: () => Promise.resolve({ database: { ok: true }, kafka: { ok: false, detail: "down" } }),
    ...overrides,
  };
  return { sources, calls };
}

/** An app with a hand-driven stream scheduler. */
function appWith(
  sources: DashboardSources,
  token?: string,
): { app: DashboardApp; tick: () => void } {
  let tick = () => {};
  const app = createApp({
    sources,
    assets,
    token,
    schedule: (fn) => {
      tick = fn;
      return () => {};
    },
    clock: () => 0, // loads take no time: ticks are never spaced out
  });
  return { app, tick: () => tick() };
}

const get = (app: DashboardApp, path: string, headers: Record<string, string> = {}) =>
  app.fetch(new Request(`http://dashboard${path}`, { headers }));

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  assert.equal(response.headers.get("content-type"), "application/json");
  return (await response.json()).error;
}

Deno.test("app: each API path reaches its source with the parsed parameters", async () => {
  const { sources, calls } = fakeSources();
  const { app } = appWith(sources);
  assert.equal((await get(app, "/api/overview?minutes=30")).status, 200);
  assert.deepEqual(await (await get(app, "/api/customers?q=cust&limit=5")).json(), {
    query: "cust",
    customers: ["cust-1", "cust-2"],
  });
  assert.equal((await get(app, "/api/customers/cust-1?minutes=60")).status, 200);
  assert.equal((await get(app, "/api/anomalies?type=SPIKE&customer=cust-1")).status, 200);
  assert.equal((await get(app, "/api/routed?destination=dlq&reason=22021")).status, 200);
  assert.equal((await get(app, "/api/pipeline")).status, 200);
  assert.deepEqual(await (await get(app, "/api/alerts?status=all&rule=LOW")).json(), {
    alerts: [],
  });
  assert.deepEqual(calls, [
    ["overview", 30],
    ["search", "cust", 5],
    ["customer", "cust-1", 60],
    ["anomalies", { type: "SPIKE", customerId: "cust-1", minutes: 60, limit: 50 }],
    ["routed", {
      destination: "dlq",
      reasonCode: "22021",
      customerId: undefined,
      minutes: 60,
      limit: 50,
    }],
    ["alerts", { status: "all", rule: "LOW", customerId: undefined, limit: 50 }],
  ]);
  const response = await get(app, "/api/overview");
  assert.equal(response.headers.get("cache-control"), "no-store");
});

Deno.test("app: bad input is a 400 naming the parameter; unknown paths and customers are 404", async () => {
  const { app } = appWith(fakeSources().sources);
  const bad = await get(app, "/api/anomalies?severity=urgent");
  assert.equal(bad.status, 400);
  const error = await errorOf(bad);
  assert.equal(error.code, "INVALID_PARAMS");
  assert.match(error.message, /severity="urgent"/);
  const unknownCustomer = await get(app, "/api/customers/cust-9");
  assert.equal(unknownCustomer.status, 404);
  assert.match(
    (await errorOf(unknownCustomer)).message,
    /No readings are stored for customer cust-9/,
  );
  const badId = await get(app, "/api/customers/a%20b");
  assert.equal(badId.status, 400);
  assert.equal((await get(app, "/api/nothing")).status, 404);
  assert.equal((await get(app, "/nothing")).status, 404);
  assert.equal((await get(app, "/api/pipeline?verbose=1")).status, 400);
});

Deno.test("app: only GET reads the API (405 with Allow)", async () => {
  const { app } = appWith(fakeSources().sources);
  const response = await app.fetch(
    new Request("http://dashboard/api/overview", { method: "POST" }),
  );
  assert.equal(response.status, 405);
  assert.equal(response.headers.get("allow"), "GET, HEAD");
  assert.equal((await errorOf(response)).code, "METHOD_NOT_ALLOWED");
  const head = await app.fetch(new Request("http://dashboard/api/overview", { method: "HEAD" }));
  assert.equal(head.status, 405);
});

Deno.test("app: with DASHBOARD_TOKEN the API and stream need the bearer token; the page does not", async () => {
  const { app } = appWith(fakeSources().sources, TOKEN);
  for (const path of ["/api/overview", "/api/stream", "/api/pipeline", "/api/customers/cust-1"]) {
    const refused = await get(app, path);
    assert.equal(refused.status, 401, path);
    assert.equal(refused.headers.get("www-authenticate"), 'Bearer realm="heartbeat-dashboard"');
    assert.equal((await errorOf(refused)).code, "UNAUTHORIZED");
    assert.equal(
      (await get(app, path, { authorization: "Bearer wrong-token-0000000" })).status,
      401,
    );
  }
  const allowed = await get(app, "/api/overview", { authorization: `Bearer ${TOKEN}` });
  assert.equal(allowed.status, 200);
  assert.equal((await get(app, "/")).status, 200);
  assert.equal((await get(app, "/livez")).status, 200);
  const bad = await get(app, "/api/overview?minutes=1", { authorization: `Bearer ${TOKEN}` });
  assert.equal(bad.status, 400, "validation runs after the token check");
});

Deno.test("app: failures map to statuses: database down 503, a bug 500 without its details", async () => {
  const down = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
  const timedOut = Object.assign(new Error("canceling statement"), { code: "57014" });
  const bug = new TypeError("secret internals");
  const logged: { msg: string; error: { message: string } }[] = [];
  const app = createApp({
    sources: fakeSources({
      overview: () => Promise.reject(down),
      pipeline: () => Promise.reject(timedOut),
      searchCustomers: () => Promise.reject(bug),
      anomalies: () =>
        Promise.reject(
          new DashboardError("DEPENDENCY_UNAVAILABLE", "Cannot read offsets from Kafka"),
        ),
    }).sources,
    assets,
    log: createLogger("dashboard", "warn", (line) => logged.push(JSON.parse(line))),
  });
  const unavailable = await get(app, "/api/overview");
  assert.equal(unavailable.status, 503);
  assert.equal(unavailable.headers.get("retry-after"), "5");
  assert.equal((await errorOf(unavailable)).code, "DEPENDENCY_UNAVAILABLE");
  assert.match((await errorOf(await get(app, "/api/pipeline"))).message, /statement time limit/);
  assert.equal((await get(app, "/api/anomalies")).status, 503);
  const internal = await get(app, "/api/customers");
  assert.equal(internal.status, 500);
  const body = await errorOf(internal);
  assert.equal(body.code, "INTERNAL");
  assert.doesNotMatch(body.message, /secret/);
  assert.deepEqual(
    logged.map((l) => [l.msg, l.error.message]),
    [["request failed", "secret internals"]],
    "only the bug is logged",
  );
});

Deno.test("app: /healthz reports the checks, 503 when one fails; /livez answers", async () => {
  const { app } = appWith(fakeSources().sources);
  const health = await get(app, "/healthz");
  assert.equal(health.status, 503);
  assert.deepEqual(await health.json(), {
    status: "unhealthy",
    checks: { database: { ok: true }, kafka: { ok: false, detail: "down" } },
  });
  assert.deepEqual(await (await get(app, "/livez")).json(), { status: "alive" });
});

Deno.test("app: static files with content types, security headers and revalidation", async () => {
  const { app } = appWith(fakeSources().sources);
  const page = await get(app, "/");
  assert.equal(page.status, 200);
  assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
  assert.match(page.headers.get("content-security-policy") ?? "", /default-src 'self'/);
  assert.equal(await page.text(), "<!doctype html><title>t</title>");
  const etag = page.headers.get("etag")!;
  assert.equal((await get(app, "/", { "if-none-match": etag })).status, 304);
  assert.equal(
    (await get(app, "/static/app.js")).headers.get("content-type"),
    "text/javascript; charset=utf-8",
  );
  const uplot = await get(app, "/vendor/uplot/uPlot.iife.min.js");
  assert.equal(uplot.status, 200);
  assert.match(await uplot.text(), /uPlot/);
  assert.equal((await get(app, "/vendor/uplot/uPlot.min.css")).status, 200);
  assert.match(await (await get(app, "/vendor/uplot/LICENSE.txt")).text(), /MIT License/);
  assert.equal((await get(app, "/static/../deno.json")).status, 404);
});

Deno.test("app: the live stream pushes the overview on connect and on each tick, then ends on close", async () => {
  const { sources, calls } = fakeSources();
  const { app, tick } = appWith(sources);
  const response = await get(app, "/api/stream?minutes=30");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/event-stream; charset=utf-8");
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const until = async (count: number) => {
    while ((text.match(/event: overview/g) ?? []).length < count) {
      const { value, done } = await reader.read();
      if (done) return;
      text += value;
    }
  };
  await until(1);
  tick();
  await until(2);
  const events = [...text.matchAll(/event: overview\ndata: (.*)\n\n/g)].map((m) =>
    JSON.parse(m[1]!)
  );
  assert.deepEqual(events.map((e) => [e.windowMinutes, e.n]), [[30, 1], [30, 2]]);
  assert.match(text, /^: heartbeat dashboard stream\n\nretry: 3000\nevent: hello\n/);
  assert.deepEqual(calls, [["overview", 30], ["overview", 30]]);
  app.close();
  while (!(await reader.read()).done);
});

Deno.test("app: a failed load is a `problem` event on the stream, which stays open", async () => {
  let fail = true;
  const { sources } = fakeSources();
  const { app, tick } = appWith({
    ...sources,
    overview: (minutes) =>
      fail
        ? Promise.reject(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))
        : sources.overview(minutes),
  });
  const reader = (await get(app, "/api/stream")).body!.pipeThrough(new TextDecoderStream())
    .getReader();
  let text = "";
  while (!text.includes("event: problem")) text += (await reader.read()).value;
  assert.match(text, /event: problem\ndata: \{"error":\{"code":"DEPENDENCY_UNAVAILABLE"/);
  fail = false;
  tick();
  while (!text.includes("event: overview")) text += (await reader.read()).value;
  await reader.cancel();
  app.close();
});

Deno.test("app: streams beyond the limit are refused with 503 TOO_MANY_STREAMS", async () => {
  const app = createApp({
    sources: fakeSources().sources,
    assets,
    maxStreams: 1,
    schedule: () => () => {},
  });
  const first = await get(app, "/api/stream");
  const second = await get(app, "/api/stream");
  assert.equal(second.status, 503);
  assert.equal((await errorOf(second)).code, "TOO_MANY_STREAMS");
  await first.body!.cancel();
  const third = await get(app, "/api/stream");
  assert.equal(third.status, 200, "a closed stream frees its place");
  await third.body!.cancel();
  app.close();
});
