/**
 * Property-based fuzzing of what hostile definitions reach: the parser, the validator, the expression
 * evaluator (CEL and its fast path) and the data-flow analysis. No exception escapes, no case takes over
 * a second, and Object.prototype is never touched.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  availableNames, compileDefinition, compileExpression, EngineError, enumeratePaths, isExpressionError, loadDefinition, parseSource,
  providedName, successors, validateDefinition, type ServiceDefinition, type Step,
} from ".";
import { exampleCatalog } from "../service-definitions";
import { minimalDefinition } from "./test-fixtures/load";
import { cpuMs } from "./test-fixtures/cpu-time";

const catalog = exampleCatalog();
const RUNS = 300;
const PROTOTYPE = Object.getOwnPropertyNames(Object.prototype).sort();

/** Runs `check`, failing when it throws or takes longer than a second. */
function quickly<T>(check: () => T): T {
  const started = cpuMs();
  const result = check();
  expect(cpuMs() - started, "one case took over a second").toBeLessThan(1_000);
  return result;
}

afterEach(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
});

const HOSTILE_NAMES = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty", "prototype", "applicant", "application"];

/** Fragments that YAML treats specially, glued together at random. */
const yamlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "a:", "b: ", " ", "  ", "\n", "- ", "&x ", "*x", "&y ", "*y", "[", "]", "{", "}", ",", "? ", ": ", "!!map ", "!!str ", "!tag ",
        "<<: ", ".inf", "-.inf", ".nan", "1e309", "0x1F", "---\n", "...\n", "'", '"', "|\n", ">-\n", "# c\n", "\t", "\0", "\uFFFD", "\uD800",
        "steps:\n", "  s: {kind: final, outcome: approved}\n", "start: s\n", "%YAML 1.2\n", "\\", "\r\n", "~", "null",
      ),
      fc.constantFrom(...HOSTILE_NAMES).map((n) => `${n}: `),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(""));

describe("fuzz: parseSource", () => {
  it("never throws, never hangs, on arbitrary and YAML-like text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), yamlish), (text) => {
        const parsed = quickly(() => parseSource(text));
        for (const issue of parsed.issues) {
          expect(issue.code).toMatch(/^[a-z]+\.[a-z-]+$/);
          expect(issue.line).toBeGreaterThanOrEqual(0);
        }
        if (parsed.value !== undefined) quickly(() => validateDefinition(parsed.value, { catalog, sourceMap: parsed.sourceMap }));
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it("keeps keys named __proto__ as plain keys", () => {
    const { value } = parseSource("__proto__: {polluted: true}\nsteps: {__proto__: {polluted: true}}\n");
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value as object)).toContain("__proto__");
  });
});

/** Every path to a value inside the minimal definition: where mutations land. */
function pathsOf(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(at);
  if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, Array.isArray(value) ? Number(k) : k], out);
  return out;
}

const base = minimalDefinition();
const basePaths = pathsOf(base).filter((p) => p.length > 0);
const deepValue = fc.integer({ min: 1, max: 300 }).map((depth) => {
  let v: unknown = "x";
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
});
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom<unknown>(...HOSTILE_NAMES, Infinity, -Infinity, NaN, -0, null, [], {}, "", "P10D", "^(a+)+$", "x".repeat(5000)),
  deepValue,
  fc.constantFrom(...HOSTILE_NAMES).map((k) => JSON.parse(`{"${k}": {"polluted": true}, "kind": "final", "outcome": "approved"}`)),
);
const mutation = fc.record({ path: fc.constantFrom(...basePaths), value: hostileValue, renameTo: fc.option(fc.constantFrom(...HOSTILE_NAMES), { freq: 3 }) });

function mutate(definition: ServiceDefinition, mutations: { path: (string | number)[]; value: unknown; renameTo: string | null }[]) {
  const copy = structuredClone(definition) as unknown as Record<string, unknown>;
  for (const { path, value, renameTo } of mutations) {
    let parent: Record<string | number, unknown> = copy;
    for (const segment of path.slice(0, -1)) {
      const next = parent[segment];
      if (!next || typeof next !== "object") break;
      parent = next as Record<string, unknown>;
    }
    const key = path[path.length - 1];
    if (renameTo && !Array.isArray(parent) && Object.hasOwn(parent, key)) {
      Object.defineProperty(parent, renameTo, { value: parent[key], enumerable: true, configurable: true, writable: true });
      delete parent[key];
    } else {
      Object.defineProperty(parent, key, { value, enumerable: true, configurable: true, writable: true });
    }
  }
  return copy as unknown as ServiceDefinition;
}

describe("fuzz: the validator on mutated definitions", () => {
  it("validateDefinition and loadDefinition never throw or hang; what validates compiles and has paths", () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const mutated = mutate(base, mutations);
        const issues = quickly(() => validateDefinition(mutated, { catalog }));
        for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
        let text: string | undefined;
        try {
          text = stringify(mutated, { aliasDuplicateObjects: false });
        } catch {
          return; // not representable as YAML (e.g. too deep for the serializer): nothing to parse
        }
        const loaded = quickly(() => loadDefinition(text!, { catalog }));
        if (loaded.definition) {
          quickly(() => compileDefinition(loaded.definition!));
          quickly(() => enumeratePaths(loaded.definition!, 100));
        }
      }),
      { numRuns: RUNS },
    );
  });
});

/** Expressions from a small CEL grammar, with names and literals that probe the host. */
const expression = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("a", "a.n", "a.s", "a.list", "a.map", "x", "person.age", "constructor", "a.__proto__", "a.constructor", "toString", "applicant.taxId"),
    fc.oneof(fc.integer(), fc.double({ noNaN: false }), fc.boolean()).map((v) => (typeof v === "number" && !Number.isFinite(v) ? "1.0" : String(v))),
    fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
    fc.constantFrom("null", "b'ab'", "[]", "{}", "[1, 2, 3]", "{'k': 1}", "'(a+)+$'", "duration('1h')", "timestamp('2026-01-01T00:00:00Z')"),
    fc.tuple(tie("expr"), fc.constantFrom("==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "&&", "||", "in"), tie("expr")).map(([l, op, r]) => `${l} ${op} ${r}`),
    fc.tuple(fc.constantFrom("!", "-"), tie("expr")).map(([op, e]) => `${op}(${e})`),
    fc.tuple(tie("expr"), tie("expr"), tie("expr")).map(([c, t, e]) => `(${c}) ? (${t}) : (${e})`),
    tie("expr").map((e) => `(${e})`),
    fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `[${a}, ${b}]`),
    fc.tuple(fc.constantFrom("size", "has", "int", "double", "string", "type", "dyn"), tie("expr")).map(([f, e]) => (f === "has" ? "has(a.n)" : `${f}(${e})`)),
    fc.tuple(tie("expr"), fc.constantFrom("all", "exists", "exists_one", "map", "filter"), tie("expr")).map(([r, m, b]) => `(${r}).${m}(v, ${b.replace(/\ba\b/, "v")})`),
    fc.tuple(tie("expr"), fc.constantFrom("contains", "startsWith", "endsWith", "matches", "split", "indexOf"), tie("expr")).map(([t, m, a]) => `(${t}).${m}(${a})`),
  ),
})).expr;

const data = fc.record({
  a: fc.oneof(
    fc.record({ n: fc.integer(), s: fc.string({ maxLength: 5 }), list: fc.array(fc.integer(), { maxLength: 50 }), map: fc.dictionary(fc.string({ maxLength: 3 }), fc.integer()) }),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  x: fc.array(fc.integer(), { maxLength: 200 }),
  person: fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "age": 20}')),
});

describe("fuzz: expressions", () => {
  it("compile or give an error; evaluation gives a value or an EngineError, the fast path agrees with CEL", () => {
    fc.assert(
      fc.property(fc.oneof(expression, fc.string({ unit: "binary", maxLength: 80 })), data, (source, values) => {
        const compiled = quickly(() => compileExpression(source));
        if (isExpressionError(compiled)) {
          expect(typeof compiled.message).toBe("string");
          return;
        }
        const outcome = (run: () => unknown) => {
          try {
            return { value: JSON.stringify(run() ?? null) };
          } catch (error) {
            expect(error).toBeInstanceOf(EngineError);
            return { error: true };
          }
        };
        const fast = quickly(() => outcome(() => compiled.evaluate(values)));
        const cel = quickly(() => outcome(() => compiled.evaluateWithCel(values)));
        expect(fast).toEqual(cel);
      }),
      { numRuns: RUNS * 3 },
    );
  });
});

/** The data-flow analysis checked against the plain fixpoint it replaced, on random small services. */
function referenceAvailable(definition: ServiceDefinition) {
  const next = successors(definition);
  const ids = Object.keys(definition.steps);
  const all = new Set(["applicant", "application", ...ids.map((id) => providedName(id, definition.steps[id])).filter((n): n is string => !!n)]);
  const entry = new Map(ids.map((id) => [id, new Set(all)]));
  const exit = new Map(ids.map((id) => [id, new Set(all)]));
  const reachable = new Set<string>();
  const stack = [definition.start];
  while (stack.length) {
    const id = stack.pop()!;
    if (reachable.has(id)) continue;
    reachable.add(id);
    stack.push(...next.get(id)!);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of reachable) {
      const preds = [...reachable].filter((p) => next.get(p)!.includes(id));
      const merged = id === definition.start ? new Set(["applicant", "application"]) : new Set([...all].filter((n) => preds.every((p) => exit.get(p)!.has(n))));
      const own = providedName(id, definition.steps[id]);
      const out = new Set(merged);
      if (own) out.add(own);
      if ([...out].join() !== [...exit.get(id)!].join() || out.size !== exit.get(id)!.size) changed = true;
      entry.set(id, merged);
      exit.set(id, out);
    }
  }
  return { entry, reachable, all };
}

const randomService = fc.integer({ min: 2, max: 9 }).chain((n) =>
  fc.array(
    fc.record({
      kind: fc.constantFrom("form", "decision", "final", "review"),
      targets: fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 3 }),
      saveAs: fc.option(fc.constantFrom("shared", "other"), { freq: 2 }),
    }),
    { minLength: n, maxLength: n },
  ),
);

describe("fuzz: available names", () => {
  it("the dominator-based analysis gives the fixpoint's answers", () => {
    fc.assert(
      fc.property(randomService, (specs) => {
        const steps: Record<string, Step> = {};
        specs.forEach((s, i) => {
          const to = s.targets.map((t) => `s${t}`);
          if (s.kind === "final") steps[`s${i}`] = { kind: "final", outcome: "approved" };
          else if (s.kind === "form") steps[`s${i}`] = { kind: "form", schema: { type: "object" }, next: to[0], ...(s.saveAs && { saveAs: s.saveAs }) };
          else if (s.kind === "review") steps[`s${i}`] = { kind: "review", role: "r", on: Object.fromEntries(to.map((t, j) => [`o${j}`, t])) };
          else steps[`s${i}`] = { kind: "decision", branches: to.slice(1).map((t) => ({ when: "true", next: t })), otherwise: to[0] };
        });
        const definition: ServiceDefinition = { schemaVersion: 1, id: "r", title: "r", languages: ["en"], owner: "o", start: "s0", steps };
        const actual = availableNames(definition);
        const expected = referenceAvailable(definition);
        for (const id of expected.reachable) {
          for (const name of expected.all) expect(actual.has(id, name), `${id} ${name} in ${JSON.stringify(steps)}`).toBe(expected.entry.get(id)!.has(name));
          expect(new Set(actual.names(id))).toEqual(expected.entry.get(id));
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
