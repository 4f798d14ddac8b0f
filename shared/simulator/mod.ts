/**
 * The heart-rate simulator: deterministic, labelled per-customer streams for the producer,
 * the tests and the evaluation. Pure: time is passed in, records are returned.
 *
 * ```ts
 * const sim = createSimulator({ startMs: Date.parse("2026-11-24T10:00:00Z"), customers: 100 });
 * const records = sim.nextBatch(Date.parse("2026-11-24T10:00:01Z")); // one second
 * ```
 */
export { createSimulator, type Simulator } from "./simulator.ts";
export {
  type BurstOptions,
  DEFAULT_INVALID_REASONS,
  type DropoutOptions,
  type LevelEpisodeOptions,
  type PhysiologyOptions,
  type ResolvedSimulatorOptions,
  resolveSimulatorOptions,
  SIMULATOR_DEFAULTS,
  type SimulatorOptions,
  type SpikeOptions,
  type ValidationLimits,
} from "./options.ts";
export { type Episode, EPISODE_KINDS, type EpisodeKind } from "./episodes.ts";
export type { InvalidTruth, RecordTruth, SimRecord, ValidTruth } from "./record.ts";
export { SimulatorError, type SimulatorErrorCode } from "./errors.ts";
export { hash32, Prng } from "./prng.ts";
export { nextUuidV4 } from "./uuid.ts";
