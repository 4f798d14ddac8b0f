import assert from "node:assert/strict";
import { z } from "zod";
import { ANOMALY_TYPES } from "../contract/mod.ts";
import { anomalyId } from "./anomaly_id.ts";
import { uuidBytes, uuidV5 } from "../encoding/uuid_v5.ts";

const EVENT = "6f1c2a3b-1d2e-4f5a-8b9c-0d1e2f3a4b5c";
const OTHER_EVENT = "6f1c2a3b-1d2e-4f5a-8b9c-0d1e2f3a4b5d";

Deno.test("uuidV5: matches the RFC 9562 example (DNS namespace, www.example.com)", () => {
  const dns = uuidBytes("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
  assert.equal(uuidV5(dns, "www.example.com"), "2ed6657d-e927-568b-95e1-2665a8aea6a2");
});

Deno.test("anomalyId: is deterministic", () => {
  assert.equal(anomalyId("c1", EVENT, "SPIKE"), anomalyId("c1", EVENT, "SPIKE"));
});

Deno.test("anomalyId: differs per anomaly type, per event and per customer", () => {
  const ids = new Set(ANOMALY_TYPES.flatMap((type) => [
    anomalyId("c1", EVENT, type),
    anomalyId("c1", OTHER_EVENT, type),
    anomalyId("c2", EVENT, type),
  ]));
  assert.equal(ids.size, ANOMALY_TYPES.length * 3);
});

Deno.test("anomalyId: regression — two customers' readings with the same event id get different ids", () => {
  // Event ids are the producer's, unique per customer only; with the id derived from the
  // event alone, the second customer's anomaly was dropped by the primary key.
  assert.notEqual(
    anomalyId("cust-1", EVENT, "LOW_HEART_RATE"),
    anomalyId("cust-2", EVENT, "LOW_HEART_RATE"),
  );
});

Deno.test("anomalyId: is a lowercase version 5 UUID that zod's z.uuid() accepts", () => {
  for (const type of ANOMALY_TYPES) {
    const id = anomalyId("c1", EVENT, type);
    assert.ok(z.uuid().safeParse(id).success, id);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  }
});
