/**
 * `--mask`: synthetic signal loss on real records, which rarely lose their signal for
 * long. Each record gets one blanked span per requested length, placed at random (seeded
 * by `--seed` and the record id) at least 60 s from either end and 30 s from each other,
 * so the engine sees the reading before and after each span. Pure.
 */
import { hash32, Prng } from "../../shared/simulator/mod.ts";
import { EvalError } from "./errors.ts";

/** A blanked span of whole seconds, [startS, endS). */
export interface MaskSpan {
  readonly startS: number;
  readonly endS: number;
}

const EDGE_S = 60;
const APART_S = 30;
const TRIES = 1000;

/** The spans to blank in a record of `durationS` seconds, one per length in `lengthsS`. */
export function maskSpans(
  recordId: string,
  durationS: number,
  lengthsS: readonly number[],
  seed: number,
): MaskSpan[] {
  const prng = Prng.fromSeed(seed, hash32(_hashText(recordId), 0x3a5c));
  const spans: MaskSpan[] = [];
  for (const length of lengthsS) {
    const latest = durationS - EDGE_S - length;
    let placed = false;
    for (let k = 0; k < TRIES && latest >= EDGE_S && !placed; k++) {
      const startS = prng.nextInt(EDGE_S, latest);
      const endS = startS + length;
      if (spans.some((s) => startS < s.endS + APART_S && endS + APART_S > s.startS)) continue;
      spans.push({ startS, endS });
      placed = true;
    }
    if (!placed) {
      throw new EvalError(
        "EVAL_ARGUMENTS_INVALID",
        `Cannot mask record ${recordId}: its ${durationS} s do not fit spans of ` +
          `${lengthsS.join(", ")} s (each ${EDGE_S} s from the ends, ${APART_S} s apart). ` +
          "Ask for fewer or shorter spans.",
      );
    }
  }
  return spans.sort((a, b) => a.startS - b.startS);
}

/** FNV-1a of a string, so any record id seeds its own spans. */
function _hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
