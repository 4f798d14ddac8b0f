/**
 * Grafana's PostgreSQL macros, expanded to the SQL Grafana sends, so a test can run a
 * dashboard panel's query against the real database without a Grafana. Follows the
 * data source's macro engine (Grafana 11, `pkg/tsdb/grafana-postgresql-datasource/
 * macros.go`): a macro is `$name(args)`, its arguments are split at commas and trimmed,
 * times are RFC 3339 UTC with the fraction's trailing zeros dropped. `$__interval` and
 * `$__interval_ms` are dashboard variables that Grafana's frontend replaces first.
 *
 * Supported: `$__timeFilter(col)`, `$__timeFrom()`, `$__timeTo()`, `$__timeGroup(col, iv[,
 * fill])`, `$__timeGroupAlias(col, iv[, fill])`, `$__interval`, `$__interval_ms`. Anything
 * else that looks like a macro or a variable throws a {@link GrafanaMacroError}: a panel
 * must never reach Grafana with SQL this module has not turned into what Grafana runs.
 */

/** A dashboard time range; Grafana's `$__timeFilter` includes both ends. */
export interface TimeRange {
  readonly from: Date;
  readonly to: Date;
}

/** What a query is expanded for. */
export interface MacroContext {
  readonly range: TimeRange;
  /** The panel's `$__interval`, in milliseconds. */
  readonly intervalMs: number;
}

/** A macro or variable this module cannot expand, or a malformed use of one. */
export class GrafanaMacroError extends Error {
  override readonly name = "GrafanaMacroError";
}

/** Grafana's macro syntax: `$` + identifier + `(` arguments without `)` + `)`. */
const MACRO = /\$([_a-zA-Z0-9]+)\(([^)]*)\)/g;
/**
 * Whatever still looks like a macro or variable after expansion: `$name` or `${…}` (not
 * `$1` parameters or `$$` quotes; a `$tag$` quote is refused too, to be safe).
 */
const LEFTOVER = /(?<!\$)\$(\{[^}]*\}|[_a-zA-Z][_a-zA-Z0-9]*)/;
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Expands every macro and interval variable of `sql` for `context`; throws a
 * {@link GrafanaMacroError} naming the first one it does not support.
 */
export function expandMacros(sql: string, context: MacroContext): string {
  if (!(context.intervalMs > 0)) {
    throw new GrafanaMacroError(`Cannot expand $__interval: intervalMs is ${context.intervalMs}`);
  }
  const withVariables = sql
    .replace(/\$\{__interval_ms\}|\$__interval_ms(?![_a-zA-Z0-9])/g, String(context.intervalMs))
    .replace(/\$\{__interval\}|\$__interval(?![_a-zA-Z0-9])/g, formatInterval(context.intervalMs));
  const expanded = withVariables.replace(
    MACRO,
    (call: string, name: string, argText: string, offset: number) => {
      const args = argText.split(",").map((a) => a.trim());
      // Grafana before 5.3 aliased `$__timeGroup` itself; the engine still does so when a
      // comma follows the call (a select-list item), and so must we.
      const alias = name === "__timeGroup" && withVariables[offset + call.length] === ",";
      return expandMacro(alias ? "__timeGroupAlias" : name, args, call, context.range);
    },
  );
  const leftover = expanded.match(LEFTOVER);
  if (leftover) {
    throw new GrafanaMacroError(
      `Cannot expand ${leftover[0]}: not a supported Grafana macro or variable (supported: ` +
        "$__timeFilter, $__timeFrom, $__timeTo, $__timeGroup, $__timeGroupAlias, $__interval, " +
        "$__interval_ms)",
    );
  }
  return expanded;
}

function expandMacro(name: string, args: string[], call: string, range: TimeRange): string {
  const noArgs = args.length === 1 && args[0] === "";
  switch (name) {
    case "__timeFilter":
      if (args.length !== 1 || noArgs) throw usage(call, "one time column");
      return `${args[0]} BETWEEN ${quoteTime(range.from)} AND ${quoteTime(range.to)}`;
    case "__timeFrom":
    case "__timeTo":
      if (!noArgs) throw usage(call, "no arguments");
      return quoteTime(name === "__timeFrom" ? range.from : range.to);
    case "__timeGroup":
    case "__timeGroupAlias": {
      if (args.length < 2 || args.length > 3 || args[0] === "") {
        throw usage(call, "a time column, an interval and an optional fill value");
      }
      if (args.length === 3) checkFill(args[2]!, call);
      // Go's %v of a float64: integral seconds print without a fraction, as in JavaScript.
      const seconds = String(parseInterval(args[1]!.replace(/^'+|'+$/g, "")) / 1000);
      const group = `floor(extract(epoch from ${args[0]})/${seconds})*${seconds}`;
      return name === "__timeGroupAlias" ? `${group} AS "time"` : group;
    }
    default:
      throw new GrafanaMacroError(
        `Cannot expand ${call}: $${name} is not a macro this expander supports`,
      );
  }
}

/** A Grafana interval (`30s`, `1m`, `500ms`, `1.5h`, `1d`, `1w`) in milliseconds. */
export function parseInterval(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(text.trim());
  if (!match) {
    throw new GrafanaMacroError(
      `Cannot parse the interval "${text}": expected a number and one of ms, s, m, h, d, w`,
    );
  }
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

/** An interval as Grafana writes `$__interval`: the largest unit that divides it (`1m`, `15s`). */
export function formatInterval(ms: number): string {
  for (const unit of ["w", "d", "h", "m", "s"]) {
    const size = UNIT_MS[unit]!;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms)}ms`;
}

/** A time as Grafana quotes it: RFC 3339 in UTC, like Go's time.RFC3339Nano. */
export function quoteTime(time: Date): string {
  const iso = time.toISOString().replace(
    /\.(\d*?)0*Z$/,
    (_, digits: string) => digits ? `.${digits}Z` : "Z",
  );
  return `'${iso}'`;
}

function checkFill(fill: string, call: string): void {
  if (/^(NULL|previous)$/.test(fill) || (fill !== "" && Number.isFinite(Number(fill)))) return;
  throw usage(call, "a fill value of NULL, previous or a number");
}

function usage(call: string, expected: string): GrafanaMacroError {
  return new GrafanaMacroError(`Cannot expand ${call}: it takes ${expected}`);
}
