/** The committed catalog snapshot is what its sources give today, and every entry carries its contract. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { contractGaps } from "../engine";
import { buildCatalog, catalogFile, catalogText } from "./build-catalog";
import { exampleCatalog } from "./index";

describe("catalog.yaml", () => {
  it("is not stale: regenerating it from discovery, templates and handlers gives the same file", async () => {
    const fresh = catalogText(await buildCatalog());
    expect(readFileSync(catalogFile, "utf8"), "run npx tsx service-definitions/build-catalog.ts").toBe(fresh);
  });

  it("has every contract: input and output of operations, params/input/output of handlers, data of templates", () => {
    expect(contractGaps(exampleCatalog())).toEqual([]);
  });

  it("has uk/en titles for roles and templates, and payment providers with currencies", () => {
    const catalog = exampleCatalog();
    for (const entry of [...Object.values(catalog.roles), ...Object.values(catalog.templates)]) {
      expect(entry.title).toMatchObject({ uk: expect.any(String), en: expect.any(String) });
    }
    expect(Object.values(catalog.payments ?? {}).flatMap((p) => p.currencies)).toContain("UAH");
  });

  it("offers the IDP register's read-only lookup besides its write", () => {
    const idp = exampleCatalog().registries.idp.operations;
    expect(idp.findIdp).toMatchObject({ outcomes: ["found", "notFound"], input: { required: ["taxId"] }, output: { required: expect.arrayContaining(["certificateNumber"]) } });
    expect(idp.registerIdp.outcomes).toContain("alreadyRegistered");
  });
});
