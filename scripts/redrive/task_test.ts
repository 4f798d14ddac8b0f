/** The `redrive` task in deno.json keeps its narrow permissions in step with what it reads. */
import assert from "node:assert/strict";
import { allowEnvOf } from "../service_permissions.ts";

const denoJson = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
const command: string = denoJson.tasks.redrive?.command ?? "";

Deno.test("deno.json: the redrive task may read exactly the kafka and topics settings and the driver's variables", () => {
  const expected = allowEnvOf({ sections: ["kafka", "topics"], kafka: true, db: false });
  const allowed = /--allow-env=(\S+)/.exec(command)?.[1]?.split(",").sort();
  assert.deepEqual(allowed, expected);
});

Deno.test("deno.json: the redrive task runs with narrow permissions (net on loopback only, nothing else)", () => {
  assert.match(command, /--allow-net=127\.0\.0\.1,localhost\s/);
  assert.doesNotMatch(command, /(^|\s)(-A|--allow-all)(\s|$)|--allow-(run|write|ffi|read|sys)/);
  assert.match(command, /scripts\/redrive\/main\.ts$/);
});
