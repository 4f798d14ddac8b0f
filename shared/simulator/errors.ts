import { HeartbeatError } from "../errors/mod.ts";

/** Why the simulator refused a call. */
export type SimulatorErrorCode = "SIMULATOR_OPTIONS_INVALID" | "SIMULATOR_TIME_INVALID";

/**
 * The simulator was given nonsense (negative rates, no customers, a time that is not a
 * number…). Never retriable: the caller has to change what it passes.
 */
export class SimulatorError extends HeartbeatError<SimulatorErrorCode> {}
