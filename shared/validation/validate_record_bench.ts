/**
 * Throughput of validateRecord on the hot path (`deno bench shared/validation`): a valid
 * reading, a WRONG_TYPE one that reaches zod, and junk refused by the cheap checks.
 */
import { validateRecord } from "./validate_record.ts";
import { config, jsonRecord, NOW_MS, reading, readingWith, textRecord } from "./_test_support.ts";

const valid = jsonRecord(readingWith({ device_id: "dev-9", battery_pct: 80 }));
const wrongType = jsonRecord(readingWith({ heart_rate: "72" }));
const junk = textRecord("not json at all");

Deno.bench("validateRecord: valid reading", { baseline: true }, () => {
  validateRecord(valid, config, NOW_MS);
});

Deno.bench("validateRecord: WRONG_TYPE reading", () => {
  validateRecord(wrongType, config, NOW_MS);
});

Deno.bench("validateRecord: junk (INVALID_JSON)", () => {
  validateRecord(junk, config, NOW_MS);
});

Deno.bench("validateRecord: valid reading, key mismatch", () => {
  validateRecord({ key: valid.value, value: jsonRecord(reading).value }, config, NOW_MS);
});
