/** A hand-made evaluation outcome for the report's and goals' tests (no engine involved). */
import type { AlertRule, AlertTransition } from "../../shared/alerts/types.ts";
import { countNotifications, firedAlerts } from "./alerts_of.ts";
import type { EvalOutcome } from "./evaluate.ts";
import { scoreAlerts } from "./score.ts";
import { episode } from "./series.ts";

const S = 1000;

function life(id: string, rule: AlertRule, firingS: number, resolvedS: number): AlertTransition[] {
  const base = {
    alertId: id,
    customerId: "c1",
    rule,
    priority: "high" as const,
    seq: 1,
    openedAtMs: 0,
    flapping: false,
    value: null,
    threshold: null,
    reason: "test",
  };
  return [
    { ...base, from: null, to: "pending", atMs: (firingS - 1) * S },
    { ...base, from: "pending", to: "firing", atMs: firingS * S },
    { ...base, from: "firing", to: "resolved", atMs: resolvedS * S },
  ];
}

/**
 * One customer-hour: two LOW episodes (one detected after 8 s), an AF episode detected
 * after 20 s, one false HIGH alert; 6 notifications against 200 raw findings.
 */
export function outcomeFixture(): EvalOutcome {
  const episodes = [
    episode("c1", "LOW", 0, 60 * S, { required: true, label: "bradycardia" }),
    episode("c1", "LOW", 300 * S, 360 * S, { required: true, label: "bradycardia" }),
    episode("c1", "IRREGULAR_RHYTHM", 1000 * S, 1200 * S, { required: true, label: "(AFIB" }),
  ];
  const transitions = [
    ...life("a", "LOW", 8, 70),
    ...life("b", "IRREGULAR_RHYTHM", 1020, 1210),
    ...life("c", "HIGH", 2000, 2030),
  ];
  return {
    input: "fixture",
    groups: [],
    scores: scoreAlerts(
      [{ customerId: "c1", startMs: 0, endMs: 3_600_000 }],
      episodes,
      firedAlerts(transitions),
    ),
    notifications: countNotifications(transitions),
    raw: { LOW_HEART_RATE: 120, HIGH_HEART_RATE: 30, SPIKE: 50 },
  };
}
