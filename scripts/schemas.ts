/**
 * `deno task schemas`: writes the JSON Schema of every wire format to `docs/schemas/`
 * from the zod schemas in shared/contract. `shared/contract/json_schema_test.ts` fails when
 * the published files and the code disagree, so run this after changing the contract.
 */
import { jsonSchemas } from "../shared/contract/mod.ts";

for (const [file, schema] of Object.entries(jsonSchemas())) {
  await Deno.writeTextFile(`docs/schemas/${file}`, JSON.stringify(schema, null, 2) + "\n");
  console.log(`docs/schemas/${file}`);
}
