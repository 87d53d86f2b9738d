import { describe, expect, it } from "vitest";
import { stepSchemas } from "../../../../engine/steps";
import { propertyText } from "./properties";

type Node = Record<string, unknown>;
const isObject = (x: unknown): x is Node => !!x && typeof x === "object" && !Array.isArray(x);

/** Every property path of a schema: dotted, list items as "[]", object branches of unions too. */
function paths(schema: Node, prefix: string, out: { path: string; description?: string }[]) {
  if (isObject(schema.properties)) {
    for (const [key, child] of Object.entries(schema.properties)) {
      const path = prefix ? `${prefix}.${key}` : key;
      const node = child as Node;
      out.push({ path, description: typeof node.description === "string" ? node.description : undefined });
      paths(node, path, out);
    }
  }
  if (Array.isArray(schema.anyOf)) for (const option of schema.anyOf as Node[]) if (option.type === "object") paths(option, prefix, out);
  if (schema.type === "array" && isObject(schema.items)) paths(schema.items, `${prefix}[]`, out);
}

describe("property panel texts", () => {
  it("every property of every step kind has a uk and an en title, and uk/en help where the engine describes it", () => {
    const missing: string[] = [];
    for (const [kind, schema] of Object.entries(stepSchemas)) {
      const found: { path: string; description?: string }[] = [];
      paths(schema as unknown as Node, "", found);
      expect(found.length, kind).toBeGreaterThan(3);
      for (const { path, description } of found) {
        const text = propertyText(kind, path);
        if (!text?.title.uk?.trim() || !text.title.en?.trim()) missing.push(`${kind} ${path}: title`);
        if (description && (!text?.help?.uk?.trim() || !text.help.en?.trim())) missing.push(`${kind} ${path}: help`);
      }
    }
    expect(missing).toEqual([]);
  });
});
