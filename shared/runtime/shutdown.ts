/**
 * Graceful shutdown on SIGINT/SIGTERM: the first signal runs `stop` (finish in-flight work,
 * commit, disconnect) and exits 0 — or 1 if `stop` fails or takes longer than
 * `graceMs`; a second signal exits 1 at once.
 */
export function onShutdown(
  stop: (signal: string) => Promise<void>,
  options: { graceMs?: number; log?: (msg: string, fields?: Record<string, unknown>) => void } = {},
): void {
  const graceMs = options.graceMs ?? 30_000;
  let stopping = false;
  const handle = (signal: Deno.Signal) => {
    if (stopping) {
      options.log?.("second signal: exiting now", { signal });
      Deno.exit(1);
    }
    stopping = true;
    options.log?.("shutting down", { signal });
    const timer = setTimeout(() => {
      options.log?.("shutdown took too long: exiting", { graceMs });
      Deno.exit(1);
    }, graceMs);
    stop(signal).then(
      () => {
        clearTimeout(timer);
        Deno.exit(0);
      },
      (error) => {
        options.log?.("shutdown failed", { error: String(error) });
        Deno.exit(1);
      },
    );
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => handle(signal));
  }
}
