import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileDefinition, loadDefinition, parseScenario, runScenario } from "..";

/** The parties fixture with a document issued to both after the partner accepts; `holders` as given. */
const source = (holders: string) =>
  readFileSync(new URL("../validation/fixtures/party.unknown-role.yaml", import.meta.url), "utf8")
    .replace("role: partnr", "role: partner")
    .replace("    next: done\n    declined: rejected", "    next: issue\n    declined: rejected")
    .replace(
      "  done: { kind: final",
      `  issue:\n    kind: document\n    title: { uk: Витяг, en: Extract }\n    template: certificate\n    holders: ${holders}\n    saveAs: extract\n    next: done\n  done: { kind: final`,
    );

describe("document step holders", () => {
  it("a role not declared under parties is party.unknown-role at the holder, with a suggestion", () => {
    const { issues } = loadDefinition(source("[applicant, partnr]"));
    expect(issues.map((i) => [i.code, i.path.join(".")])).toEqual([["party.unknown-role", "steps.issue.holders.1"]]);
    expect(issues[0].hint).toMatch(/did you mean "partner"/);
  });

  it("refuses an empty or repeated list", () => {
    expect(loadDefinition(source("[]")).issues.map((i) => i.code)).toContain("schema.invalid");
    expect(loadDefinition(source("[partner, partner]")).issues.map((i) => i.code)).toContain("schema.invalid");
  });

  it("simulate: the applicant's document as before, plus one per holder under issued", () => {
    const loaded = loadDefinition(source("[applicant, partner]"));
    expect(loaded.issues).toEqual([]);
    const result = runScenario(
      compileDefinition(loaded.definition!),
      parseScenario(`name: both\nanswers: { ask: { partnerTaxId: "3012345678" } }\nreplies: { invite: { outcome: accepted } }\nexpect: { final: done }\n`).scenario!,
    );
    expect(result.problems).toEqual([]);
    const { extract } = result.data as { extract: { id: string; number: string; issued: { number: string }[] } };
    expect(extract.issued).toEqual([
      { role: "applicant", id: extract.id, number: extract.number },
      { role: "partner", id: expect.any(String), number: expect.any(String) },
    ]);
    expect(extract.issued[1].number).not.toBe(extract.number);
  });
});
