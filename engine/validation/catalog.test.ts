import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { exampleCatalog } from "../../service-definitions";
import { composeCatalog, contractGaps, savedResultSchema, type Catalog } from "./catalog";
import type { ServiceDefinition } from "../definition/schema";
import { loadDefinition } from "./validate";

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

describe("checks through the contracts (rules/catalog.ts)", () => {
  const minimal = readFileSync(fileURLToPath(new URL("../test-fixtures/minimal.yaml", import.meta.url)), "utf8");
  const examples = exampleCatalog();
  /** The minimal service with a step between the decision and the review. */
  const insertBeforeReview = (id: string, step: string) =>
    minimal.replace("        next: review\n", `        next: ${id}\n`).replace("  review:\n", `${step}  review:\n`);
  const codes = (text: string, against: Catalog = examples) => loadDefinition(text, { catalog: against }).issues.map((i) => `${i.code}@${i.line}`);

  it("a task's input against the handler's input schema", () => {
    const text = insertBeforeReview(
      "fee",
      "  fee:\n    kind: task\n    handler: fee-calculation\n    version: 1\n    params: { fees: { a: 1 } }\n    input: { cas: '\"a\"' }\n    on: { calculated: review, free: review, error: rejected }\n",
    );
    expect(codes(text)).toEqual(["input.unknown-field@37"]);
  });

  it("a poll's input against the operation's: the required order id", () => {
    const text = insertBeforeReview(
      "wait",
      "  wait:\n    kind: wait\n    deadline: P1D\n    poll: { registry: criminal-records, operation: getCertificate, input: {}, every: PT1H }\n    on: { ready: review, notFound: rejected, error: rejected, timeout: rejected }\n",
    );
    expect(codes(text)).toEqual(["input.missing-field@35"]);
  });

  it("document data: a name in parts does for fullName, half of it does not", () => {
    const parts = minimal.replace('fullName: "applicant.lastName + \' \' + applicant.firstName"', "lastName: applicant.lastName, firstName: applicant.firstName");
    expect(codes(parts)).toEqual([]);
    const half = minimal.replace('fullName: "applicant.lastName + \' \' + applicant.firstName"', "lastName: applicant.lastName");
    expect(loadDefinition(half, { catalog: examples }).issues[0]).toMatchObject({
      code: "document.missing-field",
      message: expect.stringContaining('"fullName" (or "lastName" + "firstName")'),
    });
  });

  it("document data: any unknown key is an error when the template takes nothing else", () => {
    const strict: Catalog = {
      ...examples,
      templates: { ...examples.templates, "criminal-record-certificate": { data: { type: "object", additionalProperties: false, properties: { fullName: {}, birthDate: {}, isCriminalRecord: {} } } } },
    };
    const text = minimal.replace('isCriminalRecord: "false" }', 'isCriminalRecord: "false", note: \'"x"\' }');
    expect(loadDefinition(text, { catalog: strict }).issues).toEqual([expect.objectContaining({ code: "document.unknown-field", severity: "error" })]);
    expect(codes(text)).toEqual([]); // the real template signs what it does not print
  });

  it("catalogs without contracts (names only) are still read: only names are checked", () => {
    const names: Catalog = {
      registries: { population: { operations: { getPerson: { outcomes: ["found", "notFound"] } } } },
      handlers: [],
      templates: { "criminal-record-certificate": { title: "Витяг" } },
      roles: { "mvs-officer": { title: "MVS" } },
    };
    expect(codes(minimal.replace("input: { taxId: applicant.taxId }", "input: { anything: applicant.taxId }"), names)).toEqual([]);
  });
});
