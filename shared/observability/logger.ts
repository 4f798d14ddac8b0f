/**
 * Structured logs: one JSON object per line on stdout, `{"ts", "level", "service", "msg",
 * …fields}`, so `jq` and log shippers read them as they are. Levels below the configured
 * one cost a comparison and nothing else.
 */

/** Log levels, most verbose first. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
/** A log level. */
export type LogLevel = typeof LOG_LEVELS[number];

/** Structured fields attached to a line. */
export type LogFields = Record<string, unknown>;

/** A structured logger bound to a service name and optional fixed fields. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

/** Where lines go; stdout by default, a array in tests. */
export type LogSink = (line: string) => void;

const encoder = new TextEncoder();
const stdoutSink: LogSink = (line) => Deno.stdout.writeSync(encoder.encode(line + "\n"));

/**
 * Creates a logger for `service` that writes lines at `level` and above. Errors in fields
 * are flattened to `{name, message, code}` so they survive JSON encoding.
 */
export function createLogger(
  service: string,
  level: LogLevel = "info",
  sink: LogSink = stdoutSink,
  now: () => Date = () => new Date(),
): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const make = (base: LogFields): Logger => {
    const write = (lineLevel: LogLevel, msg: string, fields?: LogFields) => {
      if (LOG_LEVELS.indexOf(lineLevel) < threshold) return;
      const record = {
        ts: now().toISOString(),
        level: lineLevel,
        service,
        msg,
        ...base,
        ...fields,
      };
      sink(JSON.stringify(record, replaceErrors));
    };
    return {
      debug: (msg, fields) => write("debug", msg, fields),
      info: (msg, fields) => write("info", msg, fields),
      warn: (msg, fields) => write("warn", msg, fields),
      error: (msg, fields) => write("error", msg, fields),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make({});
}

function replaceErrors(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code === undefined ? {} : { code }) };
  }
  if (typeof value === "bigint") return value.toString();
  return value;
}
