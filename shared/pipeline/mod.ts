/** Pipeline protocol pieces shared by the writer and the detector. */
export { decideResume, type ResumeDecision } from "./resume.ts";
export { type BatchStart, startBatch } from "./start_batch.ts";
