/**
 * How the simulator's injected episodes map to expected alerts (docs/detection.md lists
 * the same table). Pure. NO_DATA episodes come from the readings (`signal_loss.ts`).
 *
 * | injected kind        | required          | also right (tolerated)                     |
 * |----------------------|-------------------|--------------------------------------------|
 * | BRADYCARDIA          | LOW               | SPIKE, BASELINE_SHIFT around onset and end |
 * | TACHYCARDIA          | HIGH              | SPIKE, BASELINE_SHIFT around onset and end |
 * | EXTREME_BRADYCARDIA  | EXTREME_LOW       | LOW during it; SPIKE … around onset, end   |
 * | EXTREME_TACHYCARDIA  | EXTREME_HIGH      | HIGH during it; SPIKE … around onset, end  |
 * | LEVEL_SHIFT          | SPIKE (confirmed) | BASELINE_SHIFT during it; SPIKE at its end |
 * | IRREGULAR_RHYTHM     | IRREGULAR_RHYTHM  | SPIKE around onset and end                 |
 * | DROPOUT              | (from the gap)    | SPIKE around the resumption                |
 * | ARTIFACT, SPIKE      | nothing           | nothing: any alert is false                |
 *
 * "Around" is ±10 s: an onset is a real sudden change of rate, which a confirmed SPIKE
 * may rightly report; an artifact reverts within 3 s and must not alert. An episode that
 * starts in the first minute of observation (the rules need history: SPIKE a 10 s baseline,
 * IRREGULAR_RHYTHM a run of beats) or is still running when observation ends is only
 * tolerated.
 */
import type { AlertRule } from "../../shared/alerts/types.ts";
import type { Episode, EpisodeKind } from "../../shared/simulator/mod.ts";
import { episode, type ExpectedEpisode } from "./series.ts";

const AROUND_MS = 10_000;
/** Episodes starting this soon after observation starts are only tolerated, ms. */
export const WARM_UP_MS = 60_000;

/** What each kind requires, and what else is right during it. */
const MAPPING: Readonly<
  Record<EpisodeKind, { required?: AlertRule; during?: readonly AlertRule[] }>
> = {
  BRADYCARDIA: { required: "LOW" },
  TACHYCARDIA: { required: "HIGH" },
  EXTREME_BRADYCARDIA: { required: "EXTREME_LOW", during: ["LOW"] },
  EXTREME_TACHYCARDIA: { required: "EXTREME_HIGH", during: ["HIGH"] },
  LEVEL_SHIFT: { required: "SPIKE", during: ["BASELINE_SHIFT"] },
  IRREGULAR_RHYTHM: { required: "IRREGULAR_RHYTHM" },
  DROPOUT: {},
  ARTIFACT: {},
  SPIKE: {},
};

/** The expected episodes of the simulator's `episodes` (any customers), observed over [startMs, endMs). */
export function scenarioEpisodes(
  episodes: readonly Episode[],
  startMs = -Infinity,
  endMs = Infinity,
): ExpectedEpisode[] {
  const found: ExpectedEpisode[] = [];
  for (const e of episodes) {
    if (e.kind === "ARTIFACT" || e.kind === "SPIKE") continue;
    const { required, during } = MAPPING[e.kind];
    if (required) {
      found.push(
        episode(e.customerId, required, e.startMs, e.endMs, {
          required: e.startMs >= startMs + WARM_UP_MS && e.endMs <= endMs,
          label: e.kind,
        }),
      );
    }
    if (during?.length) {
      found.push(
        episode(e.customerId, during[0]!, e.startMs, e.endMs, {
          required: false,
          label: e.kind,
          also: during.slice(1),
        }),
      );
    }
    const edges = e.kind === "DROPOUT" ? [e.endMs] : [e.startMs, e.endMs];
    for (const at of edges) {
      found.push(
        episode(e.customerId, "SPIKE", at - AROUND_MS, at + AROUND_MS, {
          required: false,
          label: `${e.kind} edge`,
          also: ["BASELINE_SHIFT"],
        }),
      );
    }
  }
  return found;
}
