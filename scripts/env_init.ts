/**
 * `deno task env:init` (a dependency of every task that reads `.env`): creates `.env` from
 * `.env.example` when it does not exist yet, so Deno's `--env-file=.env` always finds it.
 * An existing `.env` is never touched.
 */
try {
  await Deno.stat(".env");
} catch (error) {
  if (!(error instanceof Deno.errors.NotFound)) throw error;
  await Deno.copyFile(".env.example", ".env");
  console.error("created .env from .env.example (edit it to change local settings)");
}
