// The example services and the catalog they are written against (Node: reads files).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { Catalog } from "../engine";
import { readServiceFolder, type ServiceFolder } from "../engine/cli/service-folder";

export { readServiceFolder, type ServiceFolder };

export const serviceDefinitionsDir = dirname(fileURLToPath(import.meta.url));

/** The catalog of registries, handlers, templates and roles the examples are written against. */
export function exampleCatalog(): Catalog {
  return parse(readFileSync(join(serviceDefinitionsDir, "catalog.yaml"), "utf8")) as Catalog;
}

/** Every example service: a folder with service.yaml and scenarios/*.yaml. */
export function exampleServices(): ServiceFolder[] {
  return readdirSync(serviceDefinitionsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(serviceDefinitionsDir, entry.name, "service.yaml")))
    .map((entry) => readServiceFolder(join(serviceDefinitionsDir, entry.name)))
    .sort((a, b) => a.id.localeCompare(b.id));
}
