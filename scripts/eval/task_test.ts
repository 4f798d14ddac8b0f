/** The `eval` task in deno.json keeps its narrow permissions in step with what it reads. */
import assert from "node:assert/strict";
import { allowEnvOf } from "../service_permissions.ts";

const denoJson = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
const command: string = denoJson.tasks.eval?.command ?? "";

Deno.test("deno.json: the eval task may read exactly the alerts, anomaly and validation settings", () => {
  const expected = allowEnvOf({
    sections: ["alerts", "anomaly", "validation"],
    kafka: false,
    db: false,
  });
  const allowed = /--allow-env=(\S+)/.exec(command)?.[1]?.split(",").sort();
  assert.deepEqual(allowed, expected);
});

Deno.test("deno.json: the eval task reads and writes files only: no network, no subprocess", () => {
  assert.match(command, /--allow-read\s/);
  assert.match(command, /--allow-write\s/);
  assert.doesNotMatch(command, /(^|\s)(-A|--allow-all)(\s|$)|--allow-(net|run|ffi|sys|import)/);
  assert.match(command, /scripts\/eval\/main\.ts$/);
});
