import assert from "node:assert/strict";
import type { AlertRule, AlertStatus, AlertTransition } from "../../shared/alerts/types.ts";
import { countNotifications, firedAlerts } from "./alerts_of.ts";
import { scoreAlerts } from "./score.ts";
import { episode } from "./series.ts";

const S = 1000;
const HOUR = 3_600_000;

/** A hand-made transition (the fields scoring reads; the rest are fillers). */
function move(
  alertId: string,
  rule: AlertRule,
  from: AlertStatus | null,
  to: AlertStatus,
  atS: number,
  customerId = "c1",
): AlertTransition {
  return {
    alertId,
    customerId,
    rule,
    priority: "high",
    from,
    to,
    seq: 1,
    atMs: atS * S,
    openedAtMs: 0,
    flapping: false,
    value: null,
    threshold: null,
    reason: "test",
  };
}

/** An alert's whole life: pending at `pendingS`, firing at `firingS`, resolved at `resolvedS`. */
function life(id: string, rule: AlertRule, pendingS: number, firingS: number, resolvedS?: number) {
  const moves = [
    move(id, rule, null, "pending", pendingS),
    move(id, rule, "pending", "firing", firingS),
  ];
  if (resolvedS !== undefined) moves.push(move(id, rule, "firing", "resolved", resolvedS));
  return moves;
}

const SPAN = [{ customerId: "c1", startMs: 0, endMs: HOUR }];

Deno.test("firedAlerts: keeps alerts that fired, with their resolution; pending-only ones are left out", () => {
  const transitions = [
    ...life("a", "LOW", 5, 8, 70),
    move("b", "SPIKE", null, "pending", 100),
    move("b", "SPIKE", "pending", "resolved", 102),
    ...life("c", "HIGH", 200, 205),
  ];
  assert.deepEqual(firedAlerts(transitions), [
    {
      alertId: "a",
      customerId: "c1",
      rule: "LOW",
      firedAtMs: 8 * S,
      notifiedAtMs: 8 * S,
      resolvedAtMs: 70 * S,
    },
    {
      alertId: "c",
      customerId: "c1",
      rule: "HIGH",
      firedAtMs: 205 * S,
      notifiedAtMs: 205 * S,
      resolvedAtMs: null,
    },
  ]);
  const counts = countNotifications(transitions);
  assert.equal(counts.LOW, 2, "firing + all-clear");
  assert.equal(counts.SPIKE, 0, "never fired: nobody was told");
  assert.equal(counts.HIGH, 1);
});

Deno.test("scoreAlerts: recall, precision, delays and false alerts from known transitions", () => {
  const episodes = [
    episode("c1", "LOW", 0, 60 * S, { required: true, label: "BRADYCARDIA" }),
    episode("c1", "LOW", 300 * S, 400 * S, { required: true, label: "BRADYCARDIA" }),
    episode("c1", "LOW", 1000 * S, 1030 * S, { required: true, label: "BRADYCARDIA" }),
  ];
  const alerts = firedAlerts([
    ...life("a", "LOW", 2, 8, 70), // detects the first, 8 s late
    ...life("b", "LOW", 1030, 1040, 1050), // 10 s after the third's end: inside 15 s
    ...life("f", "LOW", 2000, 2010, 2020), // matches nothing, on a normal stretch
  ]);
  const low = scoreAlerts(SPAN, episodes, alerts).rules.LOW;
  assert.equal(low.episodes, 3);
  assert.equal(low.detected, 2);
  assert.equal(low.recall, 2 / 3);
  assert.equal(low.alerts, 3);
  assert.equal(low.precision, 2 / 3);
  assert.deepEqual(low.delaysMs, [8 * S, 40 * S]);
  assert.equal(low.delayMedianS, 24);
  assert.equal(low.falseAlerts, 1);
  const normalHours = (3600 - 60 - 100 - 30) / 3600;
  assert.ok(Math.abs(low.falseAlertsPerHour! - 1 / normalHours) < 1e-9);
});

Deno.test("scoreAlerts: an alert fired beyond the tolerance after the end does not match", () => {
  const episodes = [episode("c1", "LOW", 0, 60 * S, { required: true, label: "x" })];
  const late = firedAlerts(life("a", "LOW", 70, 76, 90)); // 16 s after the end
  const score = scoreAlerts(SPAN, episodes, late).rules.LOW;
  assert.equal(score.recall, 0);
  assert.equal(score.precision, 0);
  assert.equal(score.falseAlerts, 1);
});

Deno.test("scoreAlerts: an alert still firing from before the episode detects it with delay 0", () => {
  const episodes = [
    episode("c1", "LOW", 0, 60 * S, { required: true, label: "x" }),
    episode("c1", "LOW", 65 * S, 100 * S, { required: true, label: "x" }),
  ];
  const alerts = firedAlerts(life("a", "LOW", 5, 9, 110));
  const score = scoreAlerts(SPAN, episodes, alerts).rules.LOW;
  assert.equal(score.recall, 1);
  assert.deepEqual(score.delaysMs, [0, 9 * S], "sorted");
  assert.equal(score.precision, 1);
});

Deno.test("scoreAlerts: tolerated spans make alerts right without counting in recall", () => {
  const episodes = [
    episode("c1", "EXTREME_LOW", 0, 60 * S, { required: true, label: "x", also: [] }),
    episode("c1", "LOW", 0, 60 * S, { required: false, label: "x" }),
    episode("c1", "IRREGULAR_RHYTHM", 500 * S, 700 * S, { required: true, label: "(AFIB" }),
  ];
  const alerts = firedAlerts([
    ...life("e", "EXTREME_LOW", 1, 2, 61),
    ...life("l", "LOW", 5, 9, 61), // tolerated: right, but LOW has no episode to recall
    ...life("h", "HIGH", 550, 560, 570), // inside an episode that does not accept HIGH
  ]);
  const { rules } = scoreAlerts(SPAN, episodes, alerts);
  assert.equal(rules.EXTREME_LOW.recall, 1);
  assert.equal(rules.EXTREME_LOW.delayMedianS, 2);
  assert.equal(rules.LOW.episodes, 0);
  assert.equal(rules.LOW.recall, null);
  assert.equal(rules.LOW.precision, 1);
  assert.equal(rules.HIGH.precision, 0);
  assert.equal(rules.HIGH.falseAlerts, 0, "not on a normal stretch");
  assert.equal(rules.IRREGULAR_RHYTHM.recall, 0);
  assert.equal(rules.NO_DATA.precision, null);
});

Deno.test("scoreAlerts: median and p95 of delays interpolate between ranks", () => {
  const episodes = [0, 1, 2, 3, 4].map((k) =>
    episode("c1", "HIGH", k * 100 * S, (k * 100 + 60) * S, { required: true, label: "x" })
  );
  const alerts = firedAlerts(
    [2, 4, 6, 8, 10].flatMap((d, k) => life(`a${k}`, "HIGH", k * 100, k * 100 + d, k * 100 + 61)),
  );
  const high = scoreAlerts(SPAN, episodes, alerts).rules.HIGH;
  assert.equal(high.delayMedianS, 6);
  assert.ok(Math.abs(high.delayP95S! - 9.6) < 1e-9);
});

Deno.test("scoreAlerts: alerts and episodes of other customers never match", () => {
  const spans = [...SPAN, { customerId: "c2", startMs: 0, endMs: HOUR }];
  const episodes = [episode("c1", "LOW", 0, 60 * S, { required: true, label: "x" })];
  const alerts = firedAlerts(life("a", "LOW", 2, 8, 70).map((t) => ({ ...t, customerId: "c2" })));
  const scores = scoreAlerts(spans, episodes, alerts);
  assert.equal(scores.rules.LOW.recall, 0);
  assert.equal(scores.rules.LOW.falseAlerts, 1);
  assert.equal(scores.observedHours, 2);
});

Deno.test("scoreAlerts: an alert that fired on nothing stays wrong while it keeps firing into an episode", () => {
  const episodes = [episode("c1", "LOW", 300 * S, 400 * S, { required: true, label: "x" })];
  const alerts = firedAlerts(life("a", "LOW", 10, 20, 500));
  const low = scoreAlerts(SPAN, episodes, alerts).rules.LOW;
  assert.equal(low.recall, 0, "firing, but since a notification sent for nothing");
  assert.equal(low.coverage, 1, "covered all the same");
  assert.equal(low.precision, 0);
  assert.equal(low.falseAlerts, 1);
});

Deno.test("scoreAlerts: the delay counts to the firing event time, 'told' to its emission", () => {
  const episodes = [episode("c1", "SPIKE", 100 * S, 200 * S, { required: true, label: "x" })];
  const moves = life("s", "SPIKE", 100, 100, 160); // stamped with the jump's time …
  const emitted = [100.2, 105.2, 160.2].map((s) => s * S); // … emitted once confirmed
  const alerts = firedAlerts(moves, emitted);
  assert.equal(alerts[0]!.firedAtMs, 100 * S);
  assert.equal(alerts[0]!.notifiedAtMs, 105.2 * S);
  const spike = scoreAlerts(SPAN, episodes, alerts).rules.SPIKE;
  assert.equal(spike.delayMedianS, 0);
  assert.ok(Math.abs(spike.toldMedianS! - 5.2) < 1e-9);
});
