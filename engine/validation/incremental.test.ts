import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { generateLargeService, loadDefinition } from "..";
import { exampleCatalog } from "../../service-definitions";
import { IncrementalLoader } from "./incremental";

const catalog = exampleCatalog();
const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
const examples = fileURLToPath(new URL("../../service-definitions/", import.meta.url));

const bases = [
  ...readdirSync(examples, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== "templates")
    .map((d) => readFileSync(`${examples}${d.name}/service.yaml`, "utf8")),
  stringify(generateLargeService(40), { lineWidth: 0 }),
];

/** The loader's answer is loadDefinition's: the same value (keys in the same order), issues and verdict. */
function expectSame(loader: IncrementalLoader, text: string) {
  const mine = loader.load(text);
  const whole = loadDefinition(text, { catalog });
  expect(mine.issues).toEqual(whole.issues);
  expect(JSON.stringify(mine.value)).toBe(JSON.stringify(whole.value));
  expect(mine.value).toEqual(whole.value);
  expect(mine.definition === undefined).toBe(whole.definition === undefined);
  return mine;
}

/** Line-level edits, including ones that break the YAML, its pieces or the definition. */
const SNIPPETS = [
  "# a comment", "", "  x: 1", "    kind: end", "    title: {uk: Крок, en: Step}", "  added:", "  added: {kind: end}",
  "    next: nowhere", "notes: kept", "steps:", "---", "\tkind: end", "  - item", "  a: *alias", "  &anchor b: 1",
  "    on: {found: x, notFound: y}", "  \"quoted\":", "    kind: decision", "title: Послуга", "  1e3:", "  'spaced key':",
  "      x: [1,", "    description: |", "      a block", "start: added", "  __proto__:", "  null:",
];
const CHARACTERS = [":", " ", "\"", "'", "#", "{", "}", "-", "x", "0", "*", "&", "\t", "[", "|"];

type Mutation = { kind: number; at: number; choice: number; cut: number };

function mutate(text: string, m: Mutation): string {
  const lines = text.split("\n");
  const i = m.at % lines.length;
  const line = lines[i];
  switch (m.kind % 12) {
    case 7:
    case 8:
    case 9:
    case 10:
    case 11: {
      // The common case: a value changed inside a step (a letter, a digit or a character YAML minds).
      const deep = lines.map((l, k) => [l, k] as const).filter(([l]) => /^ {4,}\S/.test(l));
      if (!deep.length) break;
      const [target, k] = deep[m.at % deep.length];
      const at = Math.max(target.search(/\S/), m.cut % (target.length + 1));
      lines[k] = target.slice(0, at) + (m.kind % 12 > 8 ? "z" : CHARACTERS[m.choice % CHARACTERS.length]) + target.slice(at);
      break;
    }
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines.splice(i, 0, line);
      break;
    case 2:
      lines.splice(i, 0, SNIPPETS[m.choice % SNIPPETS.length]);
      break;
    case 3:
      lines[i] = m.choice % 2 ? `  ${line}` : line.replace(/^ {1,2}/, "");
      break;
    case 4: {
      const at = line.length ? m.cut % line.length : 0;
      lines[i] = line.slice(0, at) + CHARACTERS[m.choice % CHARACTERS.length] + line.slice(at + (m.choice % 3 === 0 ? 0 : 1));
      break;
    }
    case 5: {
      const j = m.choice % lines.length;
      [lines[i], lines[j]] = [lines[j], line];
      break;
    }
    default: {
      // A whole step moved: the lines from a step's key to the next one, put elsewhere.
      const end = lines.findIndex((l, k) => k > i && /^ {2}\S/.test(l));
      const block = lines.splice(i, (end === -1 ? lines.length : end) - i);
      lines.splice(m.choice % (lines.length + 1), 0, ...block);
    }
  }
  return lines.join("\n");
}

const mutation = fc.record({ kind: fc.nat(), at: fc.nat(), choice: fc.nat(), cut: fc.nat() });

describe("IncrementalLoader", () => {
  it("gives loadDefinition's answer for every example and every broken fixture", () => {
    const loader = new IncrementalLoader(catalog);
    for (const text of bases) expect(expectSame(loader, text).incremental).toBe(true);
    for (const name of readdirSync(fixtures)) expectSame(loader, readFileSync(fixtures + name, "utf8"));
  });

  it("parses again only the step an edit touched, and finds the same problems at the same places", () => {
    const text = stringify(generateLargeService(200), { lineWidth: 0 });
    const loader = new IncrementalLoader(catalog);
    const first = expectSame(loader, text);
    expect(first.incremental && first.fresh.steps).toEqual(Object.keys((first.value as { steps: object }).steps));
    // A new step's field misspelt (an unknown property) in the middle of the file.
    const at = text.slice(text.length / 2).search(/\n {2}\S/) + Math.floor(text.length / 2) + 1;
    const edited = `${text.slice(0, at)}  brandNew:\n    kind: final\n    outcme: approved\n${text.slice(at)}`;
    const again = expectSame(loader, edited);
    expect(again.incremental && again.fresh).toEqual({ top: [], steps: ["brandNew"] });
    expect(again.issues.some((i) => i.code === "schema.unknown-property" && i.path.join(".") === "steps.brandNew.outcme")).toBe(true);
    // Back to the first text: every piece is known.
    const back = expectSame(loader, text);
    expect(back.incremental && back.fresh).toEqual({ top: [], steps: [] });
  });

  it("checks a step's expressions again when what they read changed elsewhere, not only when the step did", () => {
    const text = stringify(generateLargeService(20), { lineWidth: 0 });
    const loader = new IncrementalLoader(catalog);
    const inStep = (source: string, id: string, change: (piece: string) => string) => {
      const from = source.indexOf(`\n  ${id}:\n`);
      const to = source.slice(from + 1).search(/\n {2}\S/) + from + 1;
      return source.slice(0, from) + change(source.slice(from, to)) + source.slice(to);
    };
    const expressionIssues = (loaded: { issues: { code: string; path: (string | number)[] }[] }) => loaded.issues.filter((i) => i.code.startsWith("expression.")).map((i) => `${i.code} ${i.path.join(".")}`);
    expect(expressionIssues(expectSame(loader, text))).toEqual([]);
    // check1 reads form1.amount: form1 without that field, check1 untouched.
    const renamed = expectSame(loader, inStep(text, "form1", (piece) => piece.replace("- amount", "- sum").replace("        amount:", "        sum:")));
    expect(renamed.incremental && renamed.fresh.steps).toEqual(["form1"]);
    expect(expressionIssues(renamed)).toEqual(["expression.unknown-property steps.check1.branches.0.when"]);
    expect(expressionIssues(expectSame(loader, text))).toEqual([]);
    // A way to check1 that does not pass form1: form1 is not certainly known there.
    const bypassed = expectSame(loader, inStep(text, "review0", (piece) => piece.replace("approve: form1", "approve: check1")));
    expect(bypassed.incremental && bypassed.fresh.steps).toEqual(["review0"]);
    expect(expressionIssues(bypassed)).toEqual(["expression.unknown-field steps.check1.branches.0.when"]);
    expect(expressionIssues(expectSame(loader, text))).toEqual([]);
  });

  it("falls back to the whole text when the pieces cannot be read alone", () => {
    const loader = new IncrementalLoader(catalog);
    const text = bases[0];
    for (const unusual of [text.replace(/\n/g, "\r\n"), `---\n${text}`, text.replace("steps:", "steps: &all"), `${text}\nextra: *all\n`]) {
      expect(expectSame(loader, unusual).incremental).toBe(false);
    }
  });

  it("gives loadDefinition's answer after any sequence of edits (property)", () => {
    let incremental = 0;
    let total = 0;
    fc.assert(
      fc.property(fc.nat(bases.length - 1), fc.array(mutation, { minLength: 1, maxLength: 6 }), (base, mutations) => {
        const loader = new IncrementalLoader(catalog);
        let text = bases[base];
        loader.load(text);
        for (const m of mutations) {
          text = mutate(text, m);
          total++;
          if (expectSame(loader, text).incremental) incremental++;
        }
      }),
      { numRuns: 80 },
    );
    // The comparison is not empty: many edited texts are still read piece by piece (about a quarter: the edits are harsh).
    expect(incremental / total).toBeGreaterThan(0.1);
  }, 120_000);
});
