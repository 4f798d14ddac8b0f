/**
 * Runs `scripts/infra/main.ts <command> [parts…]` as a subprocess, with the permission flags
 * it needs and `env` on top of the current environment — the one way the test runner,
 * `up`/`down` and the chaos harness drive the infrastructure.
 */

/** The infra script's permission flags. */
export const INFRA_FLAGS = [
  "--allow-env",
  "--allow-read",
  "--allow-write",
  "--allow-run",
  "--allow-net=127.0.0.1,localhost",
  "--allow-sys=hostname,osRelease,uid",
] as const;

/** Options for {@link runInfra}. */
export interface RunInfraOptions {
  readonly parts?: readonly ("kafka" | "postgres" | "prometheus")[];
  readonly env?: Record<string, string>;
  /** Pass `.env` too (the user-facing tasks); tests and chaos give their env explicitly. */
  readonly envFile?: boolean;
  /** Show the output (true) or capture it for the error message (false). */
  readonly inherit?: boolean;
}

/** Runs the command; resolves with the exit code and, when captured, the output. */
export async function runInfra(
  command: "up" | "down" | "status",
  options: RunInfraOptions = {},
): Promise<{ code: number; output: string }> {
  const args = [
    "run",
    ...(options.envFile ? ["--env-file=.env"] : []),
    ...INFRA_FLAGS,
    "scripts/infra/main.ts",
    command,
    ...(options.parts ?? []),
  ];
  if (options.inherit) {
    const status = await new Deno.Command(Deno.execPath(), {
      args,
      env: options.env,
      stdout: "inherit",
      stderr: "inherit",
    }).spawn().status;
    return { code: status.code, output: "" };
  }
  const result = await new Deno.Command(Deno.execPath(), {
    args,
    env: options.env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: result.code,
    output: decoder.decode(result.stdout) + decoder.decode(result.stderr),
  };
}
