import { HeartbeatError } from "../errors/mod.ts";

/**
 * Runs an entry point's main function and turns the errors we expect (bad settings, a
 * broker that is not up, a port that is taken …) into one line on stderr and exit code 1,
 * instead of a stack trace. Anything else is a bug: it is printed with its stack, exit 70.
 *
 * Set `HEARTBEAT_DEBUG=1` to see the stack of expected errors too.
 */
export async function runMain(main: () => Promise<number | void>): Promise<never> {
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
