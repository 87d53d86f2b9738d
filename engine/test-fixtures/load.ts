import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadDefinition, type ServiceDefinition } from "..";

/** The minimal service used across the engine's tests. */
export function minimalDefinition(): ServiceDefinition {
  const text = readFileSync(fileURLToPath(new URL("./minimal.yaml", import.meta.url)), "utf8");
  const { definition, issues } = loadDefinition(text);
  if (!definition) throw new Error(JSON.stringify(issues));
  return definition;
}
