/**
 * Every value reaches PostgreSQL as a bind parameter: postgres.js tagged templates turn
 * `${value}` into `$n`, and only `sql.unsafe(text)` sends text as it is. This pins the one
 * place allowed to use it (the migration runner, which sends the repository's own SQL
 * files), so a query built by concatenating values cannot slip in.
 */
import assert from "node:assert/strict";

const ALLOWED = new Set(["shared/db/migrate.ts"]);
const ROOTS = ["shared", "services", "scripts"];

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) yield* sourceFiles(path);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts")) yield path;
  }
}

Deno.test("SQL: no service or script sends text as SQL except the migration runner", async () => {
  const offenders: string[] = [];
  let scanned = 0;
  for (const root of ROOTS) {
    for await (const path of sourceFiles(root)) {
      scanned++;
      const text = await Deno.readTextFile(path);
      if (/\.unsafe\s*\(/.test(text) && !ALLOWED.has(path)) offenders.push(path);
    }
  }
  assert.ok(scanned > 50, `scanned only ${scanned} files: wrong working directory?`);
  assert.deepEqual(offenders, [], "use tagged templates (sql`… ${value}`) instead of unsafe()");
  const runner = await Deno.readTextFile("shared/db/migrate.ts");
  assert.match(runner, /\.unsafe\(migration\.sql\)/, "the allowed use is the migration file only");
});
