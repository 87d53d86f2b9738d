/**
 * Turns a plain HTML form POST (fields named answers[a][b], answers[list][0]) back into answers typed by
 * the form's schema: numbers, booleans (a ticked checkbox sends "on"), arrays; empty fields are left out,
 * so "required" reports them. Used when the browser runs no JavaScript.
 */
import { schemaAt } from "./answers";
import { ID_PREFIX } from "./ids";

type Schema = Record<string, unknown>;

function parseName(name: string): string[] | null {
  if (!name.startsWith(`${ID_PREFIX}[`)) return null;
  const segments = [...name.slice(ID_PREFIX.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]);
  return segments.length && segments.every((s) => s !== "" && s !== "__proto__" && s !== "constructor" && s !== "prototype") ? segments : null;
}

function coerce(field: Schema | undefined, raw: string): unknown {
  const type = Array.isArray(field?.type) ? (field!.type as string[]).find((t) => t !== "null") : (field?.type as string | undefined);
  if (type === "boolean") return raw === "on" || raw === "true";
  if (type === "integer" || type === "number") {
    const value = Number(raw.replace(",", "."));
    return raw.trim() === "" ? undefined : Number.isFinite(value) ? value : raw;
  }
  return raw;
}

export function answersFromForm(form: FormData, schema: Schema): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string") continue;
    const path = parseName(name);
    if (!path || path.length > 8) continue;
    if (value === "") continue;
    const field = schemaAt(schema, path);
    const typed = coerce(field, value);
    if (typed === undefined) continue;
    let node: Record<string, unknown> | unknown[] = answers;
    path.forEach((segment, index) => {
      const last = index === path.length - 1;
      const key: string | number = /^\d+$/.test(segment) ? Number(segment) : segment;
      const container = node as Record<string | number, unknown>;
      if (last) container[key] = typed;
      else container[key] ??= /^\d+$/.test(path[index + 1]) ? [] : {};
      if (!last) node = container[key] as Record<string, unknown> | unknown[];
    });
  }
  return compactArrays(answers) as Record<string, unknown>;
}

/** Arrays built from indices may have holes (an emptied item): they close up. */
function compactArrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(compactArrays);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compactArrays(v)]));
  return value;
}
