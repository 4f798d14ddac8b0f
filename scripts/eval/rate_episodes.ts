/**
 * Sustained-rate episodes computed from a record's per-second rates, by the definition the
 * MIT-BIH files use for `derived_episodes`: bradycardia = rate < 50 bpm, tachycardia =
 * rate ≥ 140 bpm, held for ≥ 10 s, bridging up to 2 consecutive empty seconds. Used when a
 * labels file has no `derived_episodes`. Pure.
 */

/** A span of whole seconds, [startS, endS). */
export interface SecondsSpan {
  readonly startS: number;
  readonly endS: number;
}

/** The definition's figures. */
export const RATE_EPISODE_DEFINITION = {
  bradycardiaBelowBpm: 50,
  tachycardiaFromBpm: 140,
  minDurationS: 10,
  maxEmptyBridgedS: 2,
} as const;

/**
 * The runs of seconds whose rate meets `holds`, bridging up to `maxEmptyBridgedS`
 * consecutive empty seconds, at least `minDurationS` long (defaults: the definition's).
 */
export function sustainedSpans(
  rates: readonly (number | null)[],
  holds: (bpm: number) => boolean,
  minDurationS: number = RATE_EPISODE_DEFINITION.minDurationS,
  maxEmptyBridgedS: number = RATE_EPISODE_DEFINITION.maxEmptyBridgedS,
): SecondsSpan[] {
  const spans: SecondsSpan[] = [];
  let start = -1;
  let last = -1;
  const close = () => {
    if (start >= 0 && last + 1 - start >= minDurationS) {
      spans.push({ startS: start, endS: last + 1 });
    }
    start = -1;
  };
  for (let s = 0; s < rates.length; s++) {
    const rate = rates[s];
    if (rate === null || rate === undefined) {
      if (start >= 0 && s - last > maxEmptyBridgedS) close();
    } else if (holds(rate)) {
      if (start < 0) start = s;
      last = s;
    } else {
      close();
    }
  }
  close();
  return spans;
}

/** Bradycardia and tachycardia episodes of a record, by the definition above. */
export function deriveRateEpisodes(rates: readonly (number | null)[]): {
  bradycardia: SecondsSpan[];
  tachycardia: SecondsSpan[];
} {
  const d = RATE_EPISODE_DEFINITION;
  return {
    bradycardia: sustainedSpans(rates, (bpm) => bpm < d.bradycardiaBelowBpm),
    tachycardia: sustainedSpans(rates, (bpm) => bpm >= d.tachycardiaFromBpm),
  };
}
