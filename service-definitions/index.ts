// The example services and the catalog they are written against (Node: reads files).
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { Catalog } from "../engine";

export const serviceDefinitionsDir = dirname(fileURLToPath(import.meta.url));

export interface ServiceFolder {
  id: string;
  /** The definition's file. */
  file: string;
  text: string;
  scenarios: { file: string; text: string }[];
}

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

export function readServiceFolder(dir: string): ServiceFolder {
  const file = join(dir, "service.yaml");
  const scenarioDir = join(dir, "scenarios");
  const scenarios = existsSync(scenarioDir)
    ? readdirSync(scenarioDir)
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
        .map((name) => ({ file: join(scenarioDir, name), text: readFileSync(join(scenarioDir, name), "utf8") }))
    : [];
  return { id: dir.split(/[\\/]/).pop()!, file, text: readFileSync(file, "utf8"), scenarios };
}
