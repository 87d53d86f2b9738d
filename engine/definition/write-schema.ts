// Writes the published JSON Schema of the definition language from its one source (schema.ts).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { definitionJsonSchema } from "./schema";

export const schemaFile = fileURLToPath(new URL("../service-definition.schema.json", import.meta.url));
export const schemaText = () => JSON.stringify(definitionJsonSchema(), null, 2) + "\n";

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(schemaFile, schemaText());
  console.log(`wrote ${schemaFile}`);
}
