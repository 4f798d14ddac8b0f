import assert from "node:assert/strict";
import { fillMinutes, pivotAnomalies } from "./overview.ts";

const at = (hhmm: string) => new Date(`2026-11-24T${hhmm}:00.000Z`);

Deno.test("overview: per-minute counts get one entry per minute of the window, zeros where none", () => {
  const filled = fillMinutes(
    [{ minute: at("10:01"), count: 5 }, { minute: at("10:03"), count: 7 }],
    at("10:00"),
    4,
  );
  assert.deepEqual(filled, [
    { minute: at("10:00"), count: 0 },
    { minute: at("10:01"), count: 5 },
    { minute: at("10:02"), count: 0 },
    { minute: at("10:03"), count: 7 },
  ]);
  assert.deepEqual(
    fillMinutes([{ minute: at("09:59"), count: 1 }], at("10:00"), 1),
    [{ minute: at("10:00"), count: 0 }],
    "rows outside the window are left out",
  );
});

Deno.test("overview: anomalies per minute carry every type and the minute's total", () => {
  const pivot = pivotAnomalies(
    [
      { minute: at("10:00"), type: "SPIKE", count: 2 },
      { minute: at("10:00"), type: "LOW_HEART_RATE", count: 1 },
      { minute: at("10:01"), type: "HIGH_HEART_RATE", count: 4 },
      { minute: at("10:01"), type: "UNKNOWN_RULE", count: 9 },
    ],
    at("10:00"),
    2,
  );
  assert.deepEqual(pivot, [
    { minute: at("10:00"), total: 3, LOW_HEART_RATE: 1, HIGH_HEART_RATE: 0, SPIKE: 2 },
    { minute: at("10:01"), total: 4, LOW_HEART_RATE: 0, HIGH_HEART_RATE: 4, SPIKE: 0 },
  ]);
});
