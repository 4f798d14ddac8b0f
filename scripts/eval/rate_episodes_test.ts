import assert from "node:assert/strict";
import { deriveRateEpisodes, sustainedSpans } from "./rate_episodes.ts";
import { loadMitbihFolder } from "./mitbih_folder.ts";

const FIXTURE = new URL("./testdata/mitbih", import.meta.url).pathname;

Deno.test("sustainedSpans: ≥ 10 s runs, bridging at most 2 empty seconds", () => {
  const low = (n: number) => Array<number | null>(n).fill(45);
  const rates = [70, ...low(10), 70, ...low(9), 70, ...low(5), null, null, ...low(5), 70];
  assert.deepEqual(sustainedSpans(rates, (bpm) => bpm < 50), [
    { startS: 1, endS: 11 },
    { startS: 22, endS: 34 },
  ]);
  const broken = [...low(5), null, null, null, ...low(5)];
  assert.deepEqual(sustainedSpans(broken, (bpm) => bpm < 50), []);
});

Deno.test("deriveRateEpisodes: matches the fixture's derived_episodes", async () => {
  for (const record of await loadMitbihFolder(FIXTURE)) {
    const derived = deriveRateEpisodes(record.hr);
    const seconds = (list: { startS: number; endS: number }[]) =>
      list.map((s) => ({ start_s: s.startS, end_s: s.endS }));
    assert.deepEqual(seconds(derived.bradycardia), record.labels.derived_episodes!.bradycardia);
    assert.deepEqual(seconds(derived.tachycardia), record.labels.derived_episodes!.tachycardia);
  }
});
