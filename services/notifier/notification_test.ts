import assert from "node:assert/strict";
import { alertEvent } from "./_test_events.ts";
import { decideNotification, idempotencyKey } from "./notification.ts";

Deno.test("decideNotification: firing is notified with the event as body and <alert_id>:<seq> as key", () => {
  const event = alertEvent({ seq: 2, from_status: "pending", status: "firing" });
  const decision = decideNotification(event);
  assert.ok(decision.notify);
  assert.deepEqual(decision.notification, {
    idempotencyKey: `${event.alert_id}:2`,
    kind: "alert.firing",
    customerId: event.customer_id,
    body: JSON.stringify(event),
  });
  assert.deepEqual(JSON.parse(decision.notification.body), event);
});

Deno.test("decideNotification: opened straight as firing, and resolved after firing, are notified", () => {
  const opened = decideNotification(alertEvent({ seq: 1, from_status: null, status: "firing" }));
  assert.ok(opened.notify && opened.notification.kind === "alert.firing");
  const resolved = decideNotification(
    alertEvent({ seq: 3, from_status: "firing", status: "resolved" }),
  );
  assert.ok(resolved.notify && resolved.notification.kind === "alert.resolved");
});

Deno.test("decideNotification: pending, and resolved without having fired, are not notifications", () => {
  assert.deepEqual(
    decideNotification(alertEvent({ seq: 1, from_status: null, status: "pending" })),
    {
      notify: false,
      why: "pending",
    },
  );
  assert.deepEqual(
    decideNotification(alertEvent({ seq: 2, from_status: "pending", status: "resolved" })),
    { notify: false, why: "never_fired" },
  );
  assert.deepEqual(
    decideNotification(alertEvent({ seq: 1, from_status: null, status: "resolved" })),
    { notify: false, why: "never_fired" },
  );
});

Deno.test("idempotencyKey: the same transition gives the same key; another seq another key", () => {
  const a = alertEvent({ seq: 2 });
  assert.equal(
    idempotencyKey(a),
    idempotencyKey(alertEvent({ seq: 2, detected_at: "2026-11-24T11:00:00.000Z" })),
  );
  assert.notEqual(idempotencyKey(a), idempotencyKey({ ...a, seq: 3 }));
  assert.equal(idempotencyKey(a), "0f8e2a3c-5b1d-5c6e-9f7a-1b2c3d4e5f60:2");
});
