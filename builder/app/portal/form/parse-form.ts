/**
 * Turns a plain HTML form POST (fields named answers[a][b], answers[list][0]) back into answers typed by
 * the form's schema: numbers, booleans (a ticked checkbox sends "on"), arrays; empty fields are left out,
 * so "required" reports them. Used when the browser runs no JavaScript.
 *
 * The names come from the client, so parsing is bounded: at most MAX_DEPTH segments, an array index below
 * the schema's maxItems (MAX_ITEMS when it has none), no __proto__/constructor/prototype, and the work is
 * linear in the number of fields (arrays are collected in maps and made dense at the end, never indexed
 * sparsely). A name outside these bounds is a 400, not a hang.
 */
import { jsonDepth, MAX_JSON_DEPTH } from "../../api/http.server";
import { schemaAt } from "./answers";
import { ID_PREFIX } from "./ids";

type Schema = Record<string, unknown>;

/** Deepest field path a generated form has (answers[a][b][0][c]… up to 8 segments). */
export const MAX_DEPTH = 8;
/** Items an array may have when its schema sets no maxItems. */
export const MAX_ITEMS = 100;
const FORBIDDEN_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);
const NAME = new RegExp(`^${ID_PREFIX}((?:\\[[^\\[\\]]+\\])+)$`);
const INDEX = /^\d+$/;

/** Answers the generated form never sends: the request is refused (thrown like the CSRF check's 403). */
const badField = (message: string) => new Response(`The form's answers cannot be read (${message}): reload the page and try again.`, { status: 400 });

/**
 * Answers the form's script sends as JSON in its `answers` field: an object, or undefined when the field is not
 * one (the named fields count then). Nested deeper than the API allows is a 400: deep nesting overflowed the
 * stack further on (a 500).
 */
export function answersFromJson(text: string): Record<string, unknown> | undefined {
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw badField(`nested deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

type Branch = { kind: "list" | "record"; children: Map<string, Node> };
type Node = { kind: "value"; value: unknown } | Branch;

/** The path of an answers[…] field name, checked against the bounds; null for other fields (csrf, intent…). */
function parseName(name: string, schema: Schema): string[] | null {
  if (!name.startsWith(`${ID_PREFIX}[`)) return null;
  const match = NAME.exec(name);
  if (!match) throw badField("malformed name");
  const segments = match[1].slice(1, -1).split("][");
  if (segments.length > MAX_DEPTH) throw badField(`deeper than ${MAX_DEPTH} levels`);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (FORBIDDEN_SEGMENTS.has(segment)) throw badField("reserved name");
    if (!INDEX.test(segment)) continue;
    const list = schemaAt(schema, segments.slice(0, i));
    const maxItems = typeof list?.maxItems === "number" ? list.maxItems : MAX_ITEMS;
    // Compare as text first: a 400-digit index must not become Infinity or a slow number.
    if (segment.length > 9 || Number(segment) >= maxItems) throw badField(`more than ${maxItems} items`);
    segments[i] = String(Number(segment)); // "01" and "1" are the same item
  }
  return segments;
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
  const root: Branch = { kind: "record", children: new Map() };
  for (const [name, value] of form.entries()) {
    const path = parseName(name, schema);
    if (!path || typeof value !== "string" || value === "") continue;
    const typed = coerce(schemaAt(schema, path), value);
    if (typed === undefined) continue;
    let node: Branch = root;
    for (let i = 0; i < path.length - 1; i++) {
      const kind = INDEX.test(path[i + 1]) ? "list" : "record";
      let next = node.children.get(path[i]);
      if (!next) node.children.set(path[i], (next = { kind, children: new Map() }));
      if (next.kind === "value" || next.kind !== kind) throw badField("a field is both a value and a group");
      node = next;
    }
    const last = path[path.length - 1];
    const existing = node.children.get(last);
    if (existing && existing.kind !== "value") throw badField("a field is both a value and a group");
    node.children.set(last, { kind: "value", value: typed }); // a repeated name: the last value counts
  }
  return plain(root) as Record<string, unknown>;
}

/** Maps to plain objects and dense arrays in index order (an emptied item leaves no hole). */
function plain(node: Node): unknown {
  if (node.kind === "value") return node.value;
  const entries = [...node.children];
  if (node.kind === "list") return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, child]) => plain(child));
  return Object.fromEntries(entries.map(([key, child]) => [key, plain(child)]));
}
