/** The provider's name (`owner`): one string as before, or per language like the service's other texts. */
import { describe, expect, it } from "vitest";
import { loadDefinition, localize } from "..";
import { exampleCatalog } from "../../service-definitions";

const catalog = exampleCatalog();
const service = (owner: string) => `schemaVersion: 1
id: owner-test
title: { uk: Послуга, en: Service }
languages: [uk, en]
owner: ${owner}
start: done
steps:
  done: { kind: final, title: { uk: Кінець, en: End }, outcome: approved }
`;

const codes = (owner: string) => loadDefinition(service(owner), { catalog }).issues.map((issue) => `${issue.code} ${issue.path.join(".")}`);

describe("owner", () => {
  it("one string stays valid (a proper name, as before)", () => {
    expect(codes("Міністерство юстиції України").filter((c) => c.includes("owner") || c.startsWith("schema"))).toEqual([]);
  });

  it("per language it is localised, and a language left out is reported like any other text", () => {
    expect(codes("{ uk: Міністерство юстиції України, en: Ministry of Justice of Ukraine }").filter((c) => c.includes("owner") || c.startsWith("schema"))).toEqual([]);
    expect(codes("{ uk: Міністерство юстиції України }")).toContain("translation.missing owner");
    expect(localize({ uk: "Міністерство юстиції України", en: "Ministry of Justice of Ukraine" }, "en")).toBe("Ministry of Justice of Ukraine");
  });
});
