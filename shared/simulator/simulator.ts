/**
 * The simulator: per-customer heart-rate streams with injected, labelled episodes and
 * malformed records, driven by the time the caller passes in. Pure: no clock, no I/O.
 *
 * Each customer has its own random stream, so its readings depend only on the seed, the
 * options and its index — not on the fleet size or on how time is cut into batches.
 */
import type { HeartbeatEvent } from "../contract/mod.ts";
import {
  createCustomerStates,
  customerIdOf,
  type CustomerStates,
  deviceIdOf,
  NO_EPISODE,
  NO_READING,
} from "./customer_state.ts";
import {
  drawEpisodeDurationMs,
  drawEpisodeLevel,
  drawEpisodeStart,
  type Episode,
  EPISODE_KINDS,
  type EpisodeKind,
  levelOptions,
  levelReading,
  spikeReading,
} from "./episodes.ts";
import { SimulatorError } from "./errors.ts";
import { malformRecord } from "./malformed.ts";
import {
  type ResolvedSimulatorOptions,
  resolveSimulatorOptions,
  type SimulatorOptions,
} from "./options.ts";
import { advanceHeartRate } from "./physiology.ts";
import { Prng } from "./prng.ts";
import { encodeHeartbeatEvent, type SimRecord } from "./record.ts";
import { createRhythmStates, type RhythmStates } from "./rhythm.ts";
import { readingBeats } from "./_reading_beats.ts";
import { nextReadingMs } from "./schedule.ts";
import { nextUuidV4 } from "./uuid.ts";

/** A running simulation. */
export interface Simulator {
  /** The options in force, defaults filled in. */
  readonly options: ResolvedSimulatorOptions;
  /**
   * Every record with an event time before `untilMs` not returned yet, ordered by time,
   * then customer number (a customer's own records stay in order). A time at or before
   * an earlier call's returns nothing.
   */
  nextBatch(untilMs: number): SimRecord[];
  /** Every episode started so far, ordered by start time, then customer number. */
  episodes(): Episode[];
  /** The id of customer `index` (0-based), e.g. `cust-000001` for 0. */
  customerId(index: number): string;
}

/**
 * Creates a simulator; throws a `SimulatorError` naming every bad option. Customers start
 * reporting at `startMs` plus a per-customer phase offset, once per `intervalMs`; the
 * defaults (1,000 customers at 1 Hz, rare episodes, 1 % malformed) are documented on
 * `SimulatorOptions`. The same options always give byte-identical records.
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  const resolved = resolveSimulatorOptions(options);
  const states = createCustomerStates(resolved);
  const rhythm = createRhythmStates(resolved);
  const prng = new Prng();
  const found: Episode[] = [];
  const isoTime = _isoTimeFormatter();
  const idOf = (i: number) => customerIdOf(i, resolved.customerIdPrefix, resolved.customerIdDigits);
  let doneUntilMs = -Infinity;

  return {
    options: resolved,
    customerId: idOf,
    episodes: () => [...found],
    nextBatch(untilMs: number): SimRecord[] {
      if (typeof untilMs !== "number" || Number.isNaN(untilMs)) {
        throw new SimulatorError(
          "SIMULATOR_TIME_INVALID",
          `Cannot simulate until ${String(untilMs)}: expected epoch milliseconds (a number).`,
        );
      }
      if (untilMs <= doneUntilMs) return [];
      doneUntilMs = untilMs;
      const records: SimRecord[] = [];
      const started: Episode[] = [];
      const out = { records, episodes: started, prng, idOf, isoTime, rhythm, beatPrng: new Prng() };
      for (let i = 0; i < states.count; i++) {
        if (states.nextDueMs[i]! >= untilMs) continue;
        prng.load(states.rng, i);
        while (states.nextDueMs[i]! < untilMs) {
          const t = states.nextDueMs[i]!;
          _tick(resolved, states, i, t, out);
          states.nextDueMs[i] = nextReadingMs(resolved, i, states.phaseMs[i]!, t);
        }
        prng.save(states.rng, i);
      }
      // Stable sorts: ties keep customer order, and a customer's records keep theirs.
      records.sort((a, b) => a.timestampMs - b.timestampMs);
      started.sort((a, b) => a.startMs - b.startMs);
      for (const episode of started) found.push(episode);
      return records;
    },
  };
}

interface _Output {
  readonly records: SimRecord[];
  readonly episodes: Episode[];
  readonly prng: Prng;
  readonly idOf: (index: number) => string;
  readonly isoTime: (ms: number) => string;
  /** The beat clocks, or null when readings carry no RR intervals. */
  readonly rhythm: RhythmStates | null;
  readonly beatPrng: Prng;
}

/** Customer `i`'s reading at time `t`: a record, a malformed record, or nothing (dropout). */
function _tick(
  options: ResolvedSimulatorOptions,
  states: CustomerStates,
  i: number,
  t: number,
  out: _Output,
): void {
  const prng = out.prng;
  const running = t < states.episodeEndMs[i]! ? _kindOf(states.episodeKind[i]!) : null;
  if (running === "DROPOUT") return; // the sensor is silent; time keeps accruing in dtMs
  const last = states.lastTickMs[i]!;
  const dtMs = Number.isNaN(last) ? options.intervalMs : t - last;
  states.lastTickMs[i] = t;
  const normal = advanceHeartRate(states, i, t, dtMs, prng, options.physiology);
  let heartRate = normal;
  let episode: EpisodeKind | null = running;
  if (running !== null) {
    if (running !== "IRREGULAR_RHYTHM") {
      heartRate = levelReading(
        prng,
        states.episodeBpm[i]!,
        levelOptions(running, options),
        options.physiology.noiseSdBpm,
      );
    }
  } else {
    states.episodeKind[i] = NO_EPISODE;
    const share = Math.min(dtMs, options.intervalMs) / options.intervalMs;
    episode = drawEpisodeStart(prng, options, share, states.lastValidBpm[i] !== NO_READING);
    if (episode !== null) {
      const endMs = t + drawEpisodeDurationMs(prng, episode, options);
      states.episodeKind[i] = EPISODE_KINDS.indexOf(episode) + 1;
      states.episodeEndMs[i] = endMs;
      out.episodes.push(_episode(out.idOf(i), episode, t, endMs));
      if (episode === "DROPOUT") return;
      if (episode === "SPIKE") {
        heartRate = spikeReading(prng, states.lastValidBpm[i]!, options);
      } else {
        const band = levelOptions(episode, options);
        states.episodeBpm[i] = drawEpisodeLevel(prng, episode, normal, options);
        if (episode !== "IRREGULAR_RHYTHM") {
          heartRate = levelReading(
            prng,
            states.episodeBpm[i]!,
            band,
            options.physiology.noiseSdBpm,
          );
        }
      }
    }
  }
  const customerId = out.idOf(i);
  const beats = out.rhythm === null
    ? null
    : readingBeats(options, states, out.rhythm, out.beatPrng, { i, t, last, episode, heartRate });
  const event: HeartbeatEvent = beats === null
    ? {
      event_id: nextUuidV4(prng),
      customer_id: customerId,
      event_time: out.isoTime(t),
      heart_rate: heartRate,
      schema_version: 1,
    }
    : {
      event_id: nextUuidV4(prng),
      customer_id: customerId,
      event_time: out.isoTime(t),
      heart_rate: beats.heartRate,
      schema_version: 2,
      rr_intervals_ms: beats.intervalsMs,
    };
  if (options.deviceIds) event.device_id = deviceIdOf(i, options.customerIdDigits);
  // Spike readings are never replaced: an episode of one reading would vanish entirely.
  if (prng.nextFloat() < options.invalidRate && episode !== "SPIKE") {
    const reason = options.invalidReasons[prng.nextInt(0, options.invalidReasons.length - 1)]!;
    const other = options.customers > 1 ? (i + 1) % options.customers : i + 1;
    const bad = malformRecord(reason, event, prng, {
      otherCustomerId: out.idOf(other),
      limits: options.limits,
      timestampMs: t,
    });
    out.records.push({
      key: bad.key,
      value: bad.value,
      timestampMs: t,
      truth: { kind: "invalid", reason, customerId, detail: bad.detail },
    });
    return;
  }
  states.lastValidBpm[i] = event.heart_rate;
  out.records.push({
    key: customerId,
    value: encodeHeartbeatEvent(event),
    timestampMs: t,
    truth: { kind: "valid", event, episode },
  });
}

/**
 * `new Date(ms).toISOString()`, remembering the last whole second: a batch formats the
 * same second for every customer, and `toISOString` is a large share of the cost per record.
 */
function _isoTimeFormatter(): (ms: number) => string {
  let second = NaN;
  let prefix = "";
  return (ms) => {
    const millis = ms % 1000;
    if (ms - millis !== second) {
      second = ms - millis;
      prefix = new Date(second).toISOString().slice(0, 20); // "2026-11-24T10:15:00."
    }
    return prefix + (millis < 10 ? "00" : millis < 100 ? "0" : "") + millis + "Z";
  };
}

function _kindOf(code: number): EpisodeKind | null {
  return code === NO_EPISODE ? null : EPISODE_KINDS[code - 1] ?? null;
}

function _episode(customerId: string, kind: EpisodeKind, startMs: number, endMs: number): Episode {
  return {
    customerId,
    kind,
    startMs,
    endMs,
    startTime: new Date(startMs).toISOString(),
    endTime: new Date(endMs).toISOString(),
  };
}
