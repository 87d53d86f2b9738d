import { describe, expect, it } from "vitest";
import { composeCatalog, contractGaps, savedResultSchema, type Catalog } from "./catalog";
import type { ServiceDefinition } from "../definition/schema";

const catalog: Catalog = {
  registries: {
    population: {
      operations: {
        getPerson: {
          outcomes: ["found", "notFound"],
          input: { type: "object", required: ["taxId"], properties: { taxId: { type: "string" } } },
          output: { type: "object", properties: { recordNumber: { type: "string" } } },
          outputs: { notFound: { type: "object", properties: { error: { type: "string" } } } },
        },
      },
    },
  },
  handlers: [{ type: "age-check", version: 1, outcomes: ["adult", "minor"], params: {}, input: {}, output: { type: "object", properties: { age: { type: "integer" } } } }],
  templates: { certificate: { title: { uk: "Витяг", en: "Certificate" } } },
  roles: {},
};

const definition = {
  schemaVersion: 1, id: "s", title: "S", languages: ["uk"], owner: "o", start: "lookup",
  steps: {
    lookup: { kind: "registry", registry: "population", operation: "getPerson", input: { taxId: "applicant.taxId" }, saveAs: "person", on: { found: "age", notFound: "done" } },
    age: { kind: "task", handler: "age-check", version: 1, on: { adult: "done", minor: "done" } },
    done: { kind: "final", outcome: "approved" },
  },
} as unknown as ServiceDefinition;

describe("catalog contracts", () => {
  it("gives the schema of a saved registry or task result, per outcome when it differs", () => {
    expect(savedResultSchema(definition, catalog, "person")).toMatchObject({ properties: { recordNumber: { type: "string" } } });
    expect(savedResultSchema(definition, catalog, "person", "notFound")).toMatchObject({ properties: { error: { type: "string" } } });
    expect(savedResultSchema(definition, catalog, "person", "found")).toMatchObject({ properties: { recordNumber: {} } });
    expect(savedResultSchema(definition, catalog, "age")).toMatchObject({ properties: { age: { type: "integer" } } });
    expect(savedResultSchema(definition, catalog, "nobody")).toBeUndefined();
    expect(savedResultSchema(definition, undefined, "person")).toBeUndefined();
  });

  it("lists entries that lack their schemas", () => {
    expect(contractGaps(catalog)).toEqual(["template certificate: no data schema"]);
  });

  it("composes discovered registries and registered handlers over the snapshot", () => {
    const live = { registries: { fines: { operations: {} } }, handlers: [], keepFromSnapshot: ["population", "unknown"] };
    const composed = composeCatalog(catalog, live);
    expect(Object.keys(composed.registries).sort()).toEqual(["fines", "population"]);
    expect(composed.handlers).toEqual([]);
    expect(composeCatalog(catalog, { registries: {} }).registries).toBe(catalog.registries);
  });
});
