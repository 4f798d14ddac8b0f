import { HeartbeatError } from "../errors/mod.ts";

/**
 * Runs an entry point's main function and turns the errors we expect (bad settings, a
 * broker that is not up, a port that is taken …) into one line on stderr and exit code 1,
 * instead of a stack trace. Anything else is a bug: it is printed with its stack, exit 70.
 *
 * Set `HEARTBEAT_DEBUG=1` to see the stack of expected errors too.
 */
export async function runMain(main: () => Promise<number | void>): Promise<never> {
  // A rejection nobody handles still ends the process (Deno's default: state may be broken,
  // and progress is safe in PostgreSQL), but first it is logged as one JSON line that names
  // the error and its stack, so a supervisor's log shows why.
  globalThis.addEventListener("unhandledrejection", (event) => {
    console.error(JSON.stringify({
      level: "error",
      msg: "unhandled promise rejection: exiting (a bug; please report it with this line)",
      error: describeReason(event.reason),
    }));
  });
  let exitCode: number;
  try {
    exitCode = (await main()) ?? 0;
  } catch (error) {
    if (error instanceof HeartbeatError) {
      console.error(`error: ${error.message}`);
      if (debugEnabled()) console.error(error);
      exitCode = 1;
    } else {
      console.error("unexpected error (a bug; please report it with this output):", error);
      exitCode = 70;
    }
  }
  Deno.exit(exitCode);
}

function debugEnabled(): boolean {
  try {
    return Deno.env.get("HEARTBEAT_DEBUG") === "1";
  } catch {
    return false; // no env permission: debug output stays off
  }
}

function describeReason(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}\n${reason.stack ?? ""}`;
  try {
    return JSON.stringify(reason);
  } catch {
    return String(reason);
  }
}
