// Node only: a service on disk is a folder with service.yaml and scenarios/*.yaml.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface ServiceFolder {
  id: string;
  /** The definition's file. */
  file: string;
  text: string;
  scenarios: { file: string; text: string }[];
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
