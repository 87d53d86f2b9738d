import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { exampleCatalog } from "../../service-definitions";
import type { ServiceDefinition } from "../definition/schema";
import { loadDefinition } from "../index";
import { changeableSteps } from "./summary";

const form = (next: string, extra: Record<string, unknown> = {}) => ({ kind: "form", schema: { type: "object", properties: { x: { type: "string" } } }, next, ...extra });

/** purpose → who (saved as `person`) → route (reads person) → lookup → summary → done. */
function service(lookupInput: Record<string, string> = { taxId: "applicant.taxId" }): ServiceDefinition {
  return {
    schemaVersion: 1,
    id: "summary-check",
    title: "Summary",
    languages: ["en"],
    owner: "Test",
    start: "purpose",
    steps: {
      purpose: form("who"),
      who: form("route", { saveAs: "person" }),
      route: { kind: "decision", branches: [{ when: 'person.x == "adult"', next: "lookup" }], otherwise: "summary" },
      lookup: { kind: "registry", registry: "population", operation: "getPerson", input: lookupInput, saveAs: "found", on: { found: "summary", error: "failed" } },
      summary: form("late", { summary: true }),
      // After the summary: reading `purpose` here does not matter, it runs after any change.
      late: { kind: "registry", registry: "population", operation: "getPerson", input: { reason: "purpose.x" }, on: { found: "done", error: "failed" } },
      done: { kind: "final", outcome: "approved" },
      failed: { kind: "final", outcome: "failed" },
    },
  } as unknown as ServiceDefinition;
}

describe("changeableSteps", () => {
  it("offers the forms whose answers no step between them and the summary reads", () => {
    // `who` is read by the decision on the way: changed in place it could have branched the other way.
    expect(changeableSteps(service(), "summary")).toEqual(["purpose"]);
  });

  it("leaves out a form that a registry call on the way reads", () => {
    expect(changeableSteps(service({ taxId: "applicant.taxId", reason: "purpose.x" }), "summary")).toEqual([]);
  });

  it("offers nothing at a step that is not a summary form", () => {
    expect(changeableSteps(service(), "who")).toEqual([]);
    expect(changeableSteps(service(), "route")).toEqual([]);
  });

  it("in the criminal-record example: purpose and type, and the personal data; not the screens the decision asks for", () => {
    const text = readFileSync(new URL("../../service-definitions/criminal-record-certificate/service.yaml", import.meta.url), "utf8");
    const { definition } = loadDefinition(text, { catalog: exampleCatalog() });
    expect(changeableSteps(definition!, "confirm")).toEqual(["request", "personalData"]);
  });
});
