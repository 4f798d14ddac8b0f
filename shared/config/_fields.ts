/**
 * Field parsers shared by the config sections. Each takes the raw environment string
 * (never empty: empty values count as unset and fall back to defaults) and produces a
 * typed value, or a zod issue whose message says what was expected.
 */
import { z } from "zod";

/** A TCP port, 1–65535. */
export const port = z.string().trim().regex(/^\d+$/, "expected a port number (1-65535)")
  .transform(Number).refine((n) => n >= 1 && n <= 65535, "expected a port number (1-65535)");

/** A whole number within [min, max]. */
export function integer(min: number, max: number) {
  return z.string().trim().regex(/^-?\d+$/, `expected a whole number (${min}-${max})`)
    .transform(Number).refine(
      (n) => n >= min && n <= max,
      `expected a whole number (${min}-${max})`,
    );
}

/** true/false, also accepting 1/0, yes/no, on/off. */
export const flag = z.string().trim().toLowerCase()
  .refine((v) => ["true", "false", "1", "0", "yes", "no", "on", "off"].includes(v), {
    message: "expected true or false",
  })
  .transform((v) => ["true", "1", "yes", "on"].includes(v));

/** A comma-separated list of host:port pairs, e.g. `127.0.0.1:19092,kafka:9092`. */
export const hostPortList = z.string().transform((value, ctx) => {
  const items = value.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  const bad = items.filter((item) => !parseHostPort(item));
  if (items.length === 0 || bad.length > 0) {
    ctx.addIssue({
      code: "custom",
      message: `expected host:port[,host:port…]${bad.length ? ` (bad entry "${bad[0]}")` : ""}`,
    });
    return z.NEVER;
  }
  return items;
});

/** Splits `host:port` (IPv6 in brackets), or returns undefined when it is not one. */
export function parseHostPort(value: string): { host: string; port: number } | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/.exec(value);
  if (!match) return undefined;
  const portNumber = Number(match[2]);
  if (portNumber < 1 || portNumber > 65535) return undefined;
  return { host: match[1]!, port: portNumber };
}

/** A `postgres://` or `postgresql://` URL with a numeric port and a database name. */
export const postgresUrl = z.string().trim().superRefine((value, ctx) => {
  const problem = describePostgresUrlProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

function describePostgresUrlProblem(value: string): string | undefined {
  const scheme = /^(postgres|postgresql):\/\//.exec(value);
  if (!scheme) return "expected postgres://user:password@host:port/database";
  // Check the port by hand: URL() reports a bad port as a vague "Invalid URL".
  const authority = value.slice(scheme[0].length).split(/[/?#]/)[0] ?? "";
  const hostPart = authority.includes("@")
    ? authority.slice(authority.lastIndexOf("@") + 1)
    : authority;
  const portText = /^(?:\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(hostPart)?.[1];
  if (portText !== undefined && !/^\d{1,5}$/.test(portText)) {
    return `port "${portText}" is not a number (expected postgres://user:password@host:port/database)`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "expected postgres://user:password@host:port/database";
  }
  if (url.hostname === "") {
    return "the host is missing (expected postgres://user:password@host:port/database)";
  }
  if (url.pathname.replace(/^\//, "") === "") return "the database name is missing (…/database)";
  return undefined;
}
