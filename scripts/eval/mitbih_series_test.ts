import assert from "node:assert/strict";
import { loadMitbihFolder } from "./mitbih_folder.ts";
import { mitbihSeries, RECORD_BASE_MS } from "./mitbih_series.ts";

const FIXTURE = new URL("./testdata/mitbih", import.meta.url).pathname;
const OPTIONS = {
  heartRateMin: 20,
  heartRateMax: 250,
  noDataAfterMs: 30_000,
  extremeLowBpm: 40,
  extremeHighBpm: 160,
  seed: 1,
};
const [r901, r902] = await loadMitbihFolder(FIXTURE);

Deno.test("mitbihSeries: one reading per second with a rate, rounded, with that second's beats", () => {
  const { series } = mitbihSeries(r901!, 0, OPTIONS);
  assert.equal(series.customerId, "mitbih-901");
  assert.equal(series.readings.length, r901!.hr.filter((v) => v !== null).length);
  const first = series.readings[0]!;
  assert.equal(first.eventTimeMs, RECORD_BASE_MS + 1000);
  assert.equal(first.heartRate, Math.round(r901!.hr[1]!));
  const beats = r901!.beats.filter((b) => b.tS >= 1 && b.tS < 2).map((b) =>
    Math.round(b.rrS! * 1000)
  );
  assert.deepEqual(first.rrIntervalsMs, beats);
  assert.equal(new Set(series.readings.map((r) => r.eventId)).size, series.readings.length);
  assert.equal(series.startMs, RECORD_BASE_MS + 1000);
  assert.equal(series.endMs, RECORD_BASE_MS + 299_000, "the end of the last reading's second");
  const af = series.episodes.filter((e) => e.rule === "IRREGULAR_RHYTHM");
  assert.deepEqual(af.map((e) => [e.required, (e.endMs - e.startMs) / 1000]), [[true, 90]]);
});

Deno.test("mitbihSeries: empty seconds become signal loss; long ones a required NO_DATA", () => {
  const { series } = mitbihSeries(r902!, 1, OPTIONS);
  const noData = series.episodes.filter((e) => e.rule === "NO_DATA");
  assert.deepEqual(
    noData.map((
      e,
    ) => [
      (e.startMs - RECORD_BASE_MS) / 1000,
      (e.endMs - RECORD_BASE_MS) / 1000,
      e.required,
      e.label,
    ]),
    [[150, 190, true, "empty seconds"]],
  );
});

Deno.test("mitbihSeries: out-of-range rates are left out, masked spans blanked and labelled", () => {
  const narrow = mitbihSeries(r902!, 1, { ...OPTIONS, heartRateMax: 140 });
  assert.ok(narrow.outOfRange > 20, `${narrow.outOfRange}`);
  assert.ok(narrow.series.readings.every((r) => r.heartRate <= 140));
  const masked = mitbihSeries(r901!, 0, { ...OPTIONS, maskS: [45] });
  const [span] = masked.masked;
  assert.equal(span!.endS - span!.startS, 45);
  const inside = masked.series.readings.filter((r) =>
    r.eventTimeMs >= RECORD_BASE_MS + span!.startS * 1000 &&
    r.eventTimeMs < RECORD_BASE_MS + span!.endS * 1000
  );
  assert.deepEqual(inside, []);
  const noData = masked.series.episodes.filter((e) => e.rule === "NO_DATA");
  assert.deepEqual(noData.map((e) => [e.required, e.label]), [[true, "masked"]]);
  const overMask = (e: { startMs: number; endMs: number }) =>
    e.startMs < RECORD_BASE_MS + span!.endS * 1000 &&
    e.endMs > RECORD_BASE_MS + span!.startS * 1000;
  for (const e of masked.series.episodes.filter((e) => e.rule !== "NO_DATA" && overMask(e))) {
    assert.equal(e.required, false, `${e.label} is cut by the mask`);
  }
});
