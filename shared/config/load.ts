import { z } from "zod";
import { HeartbeatError } from "../errors/mod.ts";

/** Why configuration could not be loaded. */
export type ConfigErrorCode = "CONFIG_INVALID" | "CONFIG_UNREADABLE";

/** A setting is missing, malformed or unreadable; the message names every bad setting. */
export class ConfigError extends HeartbeatError<ConfigErrorCode> {}

/** Reads one environment variable; `undefined` when unset. */
export type EnvSource = (name: string) => string | undefined;

/**
 * A group of settings: the environment variables it reads (a zod object whose keys are the
 * variable names, with defaults) and how the parsed values become the resolved config.
 */
export interface ConfigSection<Shape extends z.ZodRawShape, Resolved> {
  readonly env: z.ZodObject<Shape>;
  readonly resolve: (parsed: z.output<z.ZodObject<Shape>>) => Resolved;
}

/** Declares a {@link ConfigSection}. */
export function defineSection<Shape extends z.ZodRawShape, Resolved>(
  shape: Shape,
  resolve: (parsed: z.output<z.ZodObject<Shape>>) => Resolved,
): ConfigSection<Shape, Resolved> {
  return { env: z.object(shape), resolve };
}

// deno-lint-ignore no-explicit-any
type AnySection = ConfigSection<any, unknown>;
type Resolved<S extends Record<string, AnySection>> = {
  readonly [K in keyof S]: ReturnType<S[K]["resolve"]>;
};

/** Reads from the process environment. Needs `--allow-env` for each variable read. */
export const processEnv: EnvSource = (name) => Deno.env.get(name);

/**
 * Parses the named sections from the environment, once, at an entry point. Empty values
 * count as unset (so `FOO=` in `.env` falls back to the default). Every problem is reported
 * at once, on one line, each naming its variable and the value given:
 * `Invalid configuration: KAFKA_BOOTSTRAP_SERVERS="abc": expected host:port[,host:port…]. …`
 *
 * Only the variables the sections declare are read, so a task may run with a narrow
 * `--allow-env=…` list; a variable the task may not read is reported as such.
 */
export function loadConfig<S extends Record<string, AnySection>>(
  sections: S,
  source: EnvSource = processEnv,
): Resolved<S> {
  const problems: string[] = [];
  const result: Record<string, unknown> = {};
  for (const [key, section] of Object.entries(sections)) {
    const raw: Record<string, string> = {};
    for (const name of Object.keys(section.env.shape)) {
      const value = readVariable(source, name, problems);
      if (value !== undefined && value.trim() !== "") raw[name] = value;
    }
    const parsed = section.env.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const name = String(issue.path[0] ?? key);
        const given = raw[name] === undefined ? "(unset)" : `"${raw[name]}"`;
        problems.push(`${name}=${given}: ${issue.message}`);
      }
      continue;
    }
    try {
      result[key] = section.resolve(parsed.data);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(
      "CONFIG_INVALID",
      `Invalid configuration: ${problems.join("; ")}. ` +
        "Fix it in .env or the environment (every setting is documented in .env.example).",
    );
  }
  return result as Resolved<S>;
}

function readVariable(source: EnvSource, name: string, problems: string[]): string | undefined {
  try {
    return source(name);
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
      problems.push(`${name}: this task may not read it (add it to the task's --allow-env list)`);
      return undefined;
    }
    throw error;
  }
}
