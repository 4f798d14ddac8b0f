/**
 * The evaluation's output: a printed table per input (its groups, the figures per rule,
 * notifications against the raw per-reading rules, the goals) and the `--json` document:
 *
 * ```json
 * {"rules": {"LOW": {"recall": 1, "precision": 0.98, "false_alerts_per_hour": 0,
 *   "delay_median_s": 8.2, "delay_p95_s": 9.1, "episodes": 412, "alerts": 420}, …},
 *  "told": {"LOW": {"median_s": 11.7, "p95_s": 12.1}, …},
 *  "input": "scenarios", "notifications": {"engine": {"LOW": 830, …}, "raw": {…},
 *  "reduction": 0.98}, "goals": [{"goal": "…", "value": 1, "reached": true}, …]}
 * ```
 *
 * `rules` holds every rule with exactly those seven fields (null where there is nothing
 * to measure); the other top-level fields add context. Pure.
 */
import { ALERT_RULES, type AlertRule } from "../../shared/alerts/types.ts";
import type { AnomalyType } from "../../shared/contract/mod.ts";
import type { EvalOutcome } from "./evaluate.ts";
import { type Goal, reduction } from "./goals.ts";

/** The per-rule figures of the JSON document. */
export interface RuleFigures {
  readonly recall: number | null;
  readonly precision: number | null;
  readonly false_alerts_per_hour: number | null;
  readonly delay_median_s: number | null;
  readonly delay_p95_s: number | null;
  readonly episodes: number;
  readonly alerts: number;
}

/** The raw rule each alert rule is compared with. */
const RAW_OF: Partial<Record<AlertRule, AnomalyType>> = {
  EXTREME_LOW: "LOW_HEART_RATE",
  LOW: "LOW_HEART_RATE",
  EXTREME_HIGH: "HIGH_HEART_RATE",
  HIGH: "HIGH_HEART_RATE",
  SPIKE: "SPIKE",
};

/** The `--json` document of one input. */
export function toJson(outcome: EvalOutcome, goals: readonly Goal[]) {
  const rules = {} as Record<AlertRule, RuleFigures>;
  for (const rule of ALERT_RULES) {
    const s = outcome.scores.rules[rule];
    rules[rule] = {
      recall: _round(s.recall),
      precision: _round(s.precision),
      false_alerts_per_hour: _round(s.falseAlertsPerHour),
      delay_median_s: _round(s.delayMedianS),
      delay_p95_s: _round(s.delayP95S),
      episodes: s.episodes,
      alerts: s.alerts,
    };
  }
  const told = Object.fromEntries(
    ALERT_RULES.map((rule) => {
      const r = outcome.scores.rules[rule];
      return [rule, { median_s: _round(r.toldMedianS), p95_s: _round(r.toldP95S) }];
    }),
  );
  return {
    rules,
    told,
    input: outcome.input,
    notifications: {
      engine: outcome.notifications,
      raw: outcome.raw,
      reduction: _round(reduction(outcome)),
    },
    goals: goals.map((g) => ({ ...g, value: _round(g.value) })),
  };
}

/** The printed report of one input, as lines. */
export function formatReport(outcome: EvalOutcome, goals: readonly Goal[]): string[] {
  const lines = [`== ${outcome.input}`];
  lines.push(
    ..._table(
      [
        "group",
        "customers",
        "hours",
        "readings",
        "episodes",
        "alerts",
        "false",
        "artifacts",
        "late",
      ],
      outcome.groups.map((g) => [
        `${g.name} (${g.description})`,
        _int(g.customers),
        g.hours.toFixed(1),
        _int(g.readings),
        _int(g.episodes),
        _int(g.alerts),
        _int(g.falseAlerts),
        _int(g.artifacts),
        _int(g.late),
      ]),
    ),
  );
  for (const g of outcome.groups) {
    if (g.sameAsInOrder === undefined) continue;
    const noData = g.scores.rules.NO_DATA;
    lines.push(
      `${g.name}: ${g.sameAsInOrder} of ${g.customers} customers got exactly the transitions of ` +
        "an in-order replay (NO_DATA aside: it runs on the wall clock)",
      `${g.name}: NO_DATA delay median ${_fixed(noData.delayMedianS, 1)} s, longest ` +
        `${_fixed(noData.delaysMs.length ? noData.delaysMs.at(-1)! / 1000 : null, 1)} s ` +
        "(its timer restarts at the latest arrival, up to 3 s late here)",
    );
  }
  lines.push("");
  const s = outcome.scores;
  lines.push(
    ..._table(
      [
        "rule",
        "episodes",
        "alerts",
        "recall",
        "covered",
        "precision",
        "false/cust-h",
        "delay med s",
        "delay p95 s",
        "told med s",
        "told p95 s",
        "notified",
        "raw findings",
      ],
      ALERT_RULES.map((rule) => {
        const r = s.rules[rule];
        const raw = RAW_OF[rule];
        return [
          rule,
          _int(r.episodes),
          _int(r.alerts),
          _fixed(r.recall, 3),
          _fixed(r.coverage, 3),
          _fixed(r.precision, 3),
          _fixed(r.falseAlertsPerHour, 3),
          _fixed(r.delayMedianS, 1),
          _fixed(r.delayP95S, 1),
          _fixed(r.toldMedianS, 1),
          _fixed(r.toldP95S, 1),
          _int(outcome.notifications[rule]),
          raw ? `${_int(outcome.raw[raw])} ${raw}` : "(no raw rule)",
        ];
      }),
    ),
  );
  const engine = Object.values(outcome.notifications).reduce((a, b) => a + b, 0);
  const raw = Object.values(outcome.raw).reduce((a, b) => a + b, 0);
  const cut = reduction(outcome);
  lines.push(
    `observed ${s.observedHours.toFixed(1)} customer-hours, ${s.normalHours.toFixed(1)} outside ` +
      "labelled episodes",
    `notifications: ${_int(engine)} (alerts firing + all-clears) vs ${_int(raw)} raw per-reading ` +
      `findings: ${cut === null ? "n/a" : `${(cut * 100).toFixed(1)} % fewer`}`,
    "recall: episodes detected by an alert that fired in them or was still firing from an " +
      "earlier right one; covered: by any firing alert",
    "delay: to the firing transition's event time; told: to when the engine emitted it " +
      "(includes its reorder hold and the 200 ms ingest delay)",
    "goals:",
    ...goals.map((g) =>
      `  ${g.reached === null ? "n/a " : g.reached ? "MET " : "MISS"}  ${g.goal}: ${
        _fixed(g.value, 3)
      }`
    ),
  );
  return lines;
}

function _table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))
      .join("  ").trimEnd();
  return [line(header), ...rows.map(line)];
}

function _int(n: number): string {
  return n.toLocaleString("en");
}

function _fixed(n: number | null, digits: number): string {
  return n === null ? "—" : n.toFixed(digits);
}

function _round(n: number | null): number | null {
  return n === null ? null : Math.round(n * 10_000) / 10_000;
}
