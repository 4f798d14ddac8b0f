/**
 * The error base every area extends. Each area (config, kafka, db, infra) declares its own
 * subclass with a closed set of `code`s, so callers branch on codes, never on message text.
 *
 * Messages follow one format: what failed, the value, and what to do about it — they are
 * printed as-is, on one line, by {@link runMain} in `shared/cli`.
 */
export class HeartbeatError<Code extends string = string> extends Error {
  /** A stable, machine-readable reason, e.g. `CONFIG_INVALID`. */
  readonly code: Code;
  /** True when retrying the same operation later may succeed (e.g. a broker not up yet). */
  readonly retriable: boolean;

  constructor(code: Code, message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}

/** Short text for an unknown thrown value, for messages that quote a lower-level cause. */
export function describeCause(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" && !error.message.includes(code)
      ? `${code}: ${error.message}`
      : error.message;
  }
  return String(error);
}
