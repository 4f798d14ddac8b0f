/** `deno task migrate`: apply pending migrations from db/migrations to DATABASE_URL. */
import { loadConfig, sections } from "../shared/config/mod.ts";
import { runMain } from "../shared/cli/run_main.ts";
import { setUpDatabase } from "./infra/setup.ts";

await runMain(async () => {
  const config = loadConfig({ database: sections.database });
  for (const outcome of await setUpDatabase(config.database, "db/migrations")) {
    console.log(`${outcome.name.padEnd(40)} ${outcome.action}`);
  }
});
