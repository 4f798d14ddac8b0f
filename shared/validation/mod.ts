/**
 * Validation of raw heart-rate records: bytes in, a verdict out (the reading, or a reason
 * code from `REASON_CODES` with a short message). Pure: no I/O, the time is a parameter.
 */
export { validateRecord } from "./validate_record.ts";
export type { InvalidVerdict, RecordBytes, ValidVerdict, Verdict } from "./verdict.ts";
