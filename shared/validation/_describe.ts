/**
 * Short, safe renderings of untrusted values for messages: bounded length, never the whole
 * payload, and never throwing (JSON.stringify of a string cannot fail).
 */

const MAX_QUOTED_CHARS = 40;

/** Quotes `text` as a JSON string, cut to {@link MAX_QUOTED_CHARS} characters with "…". */
export function quote(text: string, maxChars = MAX_QUOTED_CHARS): string {
  return text.length > maxChars
    ? JSON.stringify(text.slice(0, maxChars)).slice(0, -1) + '…"'
    : JSON.stringify(text);
}

/** Describes a parsed JSON value by type and, for scalars, value: `string "72"`, `number 72.5`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return `string ${quote(value)}`;
    case "number":
      return `number ${value}`;
    case "boolean":
      return `boolean ${value}`;
    case "object":
      return "an object";
    default:
      return typeof value;
  }
}

/** Lists quoted names, at most three, then "and N more". */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 3).map((name) => quote(name)).join(", ");
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}
