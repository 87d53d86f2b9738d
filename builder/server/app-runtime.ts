/**
 * The runtime the web app uses: SQLite under ./data by default (DATABASE_URL for another file or
 * PostgreSQL), migrated on open, with the example services' catalog of registries, templates and roles.
 */
import { Runtime, type RuntimeOptions } from "../../runtime";
import { exampleCatalog } from "../../service-definitions";

export async function createAppRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const { registries, templates, roles } = exampleCatalog();
  return Runtime.create({
    databaseUrl: process.env.DATABASE_URL,
    catalog: { registries, templates, roles },
    ...options,
  });
}
