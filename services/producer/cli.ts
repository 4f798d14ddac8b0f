/**
 * The producer's command-line flags, which override the PRODUCER_* settings:
 * `--customers N --rate N --duration S --seed N --invalid-rate R`. Pure: argv in, options
 * out, or a `ConfigError` naming the bad flag.
 */
import { ConfigError, type ProducerConfig } from "../../shared/config/mod.ts";

const FLAGS = {
  "--customers": { key: "customers", min: 1, max: 10_000_000, integer: true },
  "--rate": { key: "rate", min: 0, max: 10_000_000, integer: true },
  "--duration": { key: "durationS", min: 0, max: 31_536_000, integer: true },
  "--seed": { key: "seed", min: 0, max: 2 ** 31 - 1, integer: true },
  "--invalid-rate": { key: "invalidRate", min: 0, max: 1, integer: false },
} as const;

/** Applies the flags in `argv` on top of `config`. `--flag=value` and `--flag value` both work. */
export function applyFlags(config: ProducerConfig, argv: readonly string[]): ProducerConfig {
  const result: Record<string, unknown> = { ...config };
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i]!.split("=", 2) as [string, string | undefined];
    const flag = FLAGS[name as keyof typeof FLAGS];
    if (!flag) {
      problems.push(`unknown flag ${name} (known: ${Object.keys(FLAGS).join(" ")})`);
      continue;
    }
    const text = inline ?? argv[++i];
    const value = Number(text);
    const ok = text !== undefined && text.trim() !== "" && Number.isFinite(value) &&
      value >= flag.min && value <= flag.max && (!flag.integer || Number.isInteger(value));
    if (!ok) {
      problems.push(
        `${name} ${text ?? "(missing)"}: expected ${
          flag.integer ? "a whole number" : "a number"
        } from ${flag.min} to ${flag.max}`,
      );
      continue;
    }
    result[flag.key] = value;
  }
  if (problems.length > 0) {
    throw new ConfigError("CONFIG_INVALID", `Invalid arguments: ${problems.join("; ")}.`);
  }
  return result as unknown as ProducerConfig;
}
