import assert from "node:assert/strict";
import { ALERT_RULES } from "../../shared/alerts/types.ts";
import { recordGoals } from "./goals.ts";
import { formatReport, toJson } from "./report.ts";
import { outcomeFixture } from "./_outcome_fixture.ts";

Deno.test("toJson: every rule with exactly the seven figures, null where nothing was measured", () => {
  const outcome = outcomeFixture();
  const json = JSON.parse(JSON.stringify(toJson(outcome, recordGoals(outcome))));
  assert.deepEqual(Object.keys(json.rules), [...ALERT_RULES]);
  for (const rule of ALERT_RULES) {
    assert.deepEqual(Object.keys(json.rules[rule]).sort(), [
      "alerts",
      "delay_median_s",
      "delay_p95_s",
      "episodes",
      "false_alerts_per_hour",
      "precision",
      "recall",
    ]);
  }
  assert.deepEqual(json.rules.LOW, {
    recall: 0.5,
    precision: 1,
    false_alerts_per_hour: 0,
    delay_median_s: 8,
    delay_p95_s: 8,
    episodes: 2,
    alerts: 1,
  });
  assert.equal(json.rules.HIGH.precision, 0);
  assert.equal(json.rules.HIGH.recall, null);
  assert.equal(json.rules.HIGH.false_alerts_per_hour, 1.0976, "1 over 3,280 s of normal stream");
  assert.equal(json.rules.NO_DATA.alerts, 0);
  assert.equal(json.notifications.reduction, 0.97);
  assert.equal(json.goals.length, 3);
});

Deno.test("formatReport: a table per rule, notifications against the raw rules, the goals", () => {
  const outcome = outcomeFixture();
  const text = formatReport(outcome, recordGoals(outcome)).join("\n");
  assert.match(text, /^== fixture/);
  assert.match(
    text,
    /\nLOW\s+2\s+1\s+0\.500\s+0\.500\s+1\.000\s+0\.000\s+8\.0\s+8\.0\s+8\.0\s+8\.0\s+2\s+120 LOW_HEART_RATE\n/,
  );
  assert.match(
    text,
    /\nNO_DATA\s+0\s+0\s+—\s+—\s+—\s+0\.000\s+—\s+—\s+—\s+—\s+0\s+\(no raw rule\)\n/,
  );
  assert.match(text, /notifications: 6 \(alerts firing \+ all-clears\) vs 200 raw .*97\.0 % fewer/);
  assert.match(text, /MISS {2}sustained brady\/tachy episode recall ≥ 0\.95: 0\.500/);
  assert.match(text, /MET {3}AF\/AFL episodes ≥ 60 s: recall ≥ 0\.9: 1\.000/);
});
