/**
 * Runs the simulator for one scenario and turns its valid records into labelled series,
 * one per customer. Pure (the simulator is).
 */
import type { AlertReading } from "../../shared/alerts/types.ts";
import { createSimulator } from "../../shared/simulator/mod.ts";
import type { ScenarioSpec } from "./scenarios.ts";
import { scenarioEpisodes } from "./scenario_labels.ts";
import type { LabelledSeries, SeriesGroup } from "./series.ts";
import { signalLossEpisodes } from "./signal_loss.ts";

/** Where every scenario starts: 2026-11-24T00:00:00Z. */
export const SCENARIO_START_MS = Date.UTC(2026, 10, 24);
const STEP_MS = 60_000;

/** How big a scenario run is. */
export interface ScenarioRunOptions {
  readonly seed: number;
  readonly customers: number;
  readonly hours: number;
  /** The engine's NO_DATA timeout, ms. */
  readonly noDataAfterMs: number;
}

/** The scenario's series: `customers` customers for `hours` hours from the same seed. */
export function scenarioGroup(spec: ScenarioSpec, options: ScenarioRunOptions): SeriesGroup {
  const sim = createSimulator({
    ...spec.options,
    startMs: SCENARIO_START_MS,
    seed: options.seed,
    customers: options.customers,
    customerIdPrefix: `${spec.name}-`,
  });
  const endMs = SCENARIO_START_MS + Math.round(options.hours * 3_600_000);
  const readings = new Map<string, AlertReading[]>();
  for (let i = 0; i < options.customers; i++) readings.set(sim.customerId(i), []);
  for (let t = SCENARIO_START_MS; t < endMs;) {
    t = Math.min(endMs, t + STEP_MS);
    for (const record of sim.nextBatch(t)) {
      if (record.truth.kind !== "valid") continue;
      const event = record.truth.event;
      readings.get(event.customer_id)!.push({
        customerId: event.customer_id,
        eventId: event.event_id,
        eventTimeMs: record.timestampMs,
        heartRate: event.heart_rate,
        rrIntervalsMs: event.schema_version === 2 ? event.rr_intervals_ms : undefined,
      });
    }
  }
  const expected = scenarioEpisodes(sim.episodes(), SCENARIO_START_MS, endMs);
  const series: LabelledSeries[] = [...readings].map(([customerId, own]) => ({
    customerId,
    readings: own,
    startMs: SCENARIO_START_MS,
    endMs,
    episodes: [
      ...expected.filter((e) => e.customerId === customerId),
      ...signalLossEpisodes(customerId, own.map((r) => r.eventTimeMs), endMs, {
        noDataAfterMs: options.noDataAfterMs,
        intervalMs: sim.options.intervalMs,
        extraSlackMs: spec.reorderMs,
      }),
    ],
  }));
  return { name: spec.name, description: spec.description, series, reorderMs: spec.reorderMs };
}
