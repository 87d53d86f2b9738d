import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "./main";

const fixture = (name: string) => fileURLToPath(new URL(`../${name}`, import.meta.url));
const catalog = fileURLToPath(new URL("../../service-definitions/catalog.yaml", import.meta.url));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("civic CLI", () => {
  it("validate: ok exits 0", async () => {
    const r = await run("validate", fixture("test-fixtures/minimal.yaml"), "--catalog", catalog);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/minimal.yaml: ok/);
  });

  it("validate: prints file:line:col code message and exits 1 on errors", async () => {
    const r = await run("validate", fixture("validation/fixtures/step.unknown-target.yaml"), "--catalog", catalog);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/step\.unknown-target\.yaml:30:15 error step\.unknown-target There is no step "reveiw" \(did you mean "review"\?\)/);
  });

  it("usage errors exit 2 with a clear message", async () => {
    expect((await run()).code).toBe(2);
    expect((await run("frobnicate", "x")).err).toMatch(/unknown command "frobnicate"/);
    expect((await run("validate")).err).toMatch(/give at least one/);
    expect((await run("validate", "no/such/file.yaml")).err).toMatch(/no such file/);
    expect((await run("validate", fixture("test-fixtures/minimal.yaml"), "--catalog", "nope.yaml")).err).toMatch(/catalog file nope.yaml not found/);
  });

  it("graph prints Mermaid", async () => {
    const r = await run("graph", fixture("test-fixtures/minimal.yaml"));
    expect(r.out).toMatch(/^flowchart TD/);
    expect(r.out).toContain('lookup -->|"found"| check');
  });

  it("types prints TypeScript from the forms", async () => {
    const r = await run("types", fixture("test-fixtures/minimal.yaml"));
    expect(r.out).toContain("export interface MinimalData");
    expect(r.out).toMatch(/export interface AskAnswers \{[\s\S]*age: number;/);
    expect(r.out).toMatch(/decision: "approve" \| "reject";/);
  });
});

describe("civic CLI on an example service", () => {
  const folder = fileURLToPath(new URL("../../service-definitions/criminal-record-certificate", import.meta.url));

  it("test runs the scenarios and reports coverage", async () => {
    const r = await run("test", folder);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/✓ .*scenarios\/01-/);
    expect(r.out).toMatch(/criminal-record-certificate: (\d+)\/\1 scenarios pass; (\d+)\/\2 paths covered/);
  });

  it("paths lists every path with its coverage", async () => {
    const r = await run("paths", folder);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/covered {3}purpose|covered {3}\w+ → /);
    expect(r.out).not.toMatch(/uncovered/);
  });
});
