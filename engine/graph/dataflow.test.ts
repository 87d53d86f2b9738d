import { describe, expect, it } from "vitest";
import { availableNames } from "./dataflow";
import { minimalDefinition } from "../test-fixtures/load";
import type { ServiceDefinition } from "../definition/schema";

describe("available names", () => {
  it("a step knows what every path to it provides", () => {
    const names = availableNames(minimalDefinition());
    expect(names.names("ask").sort()).toEqual(["applicant", "application"]);
    expect(names.names("check").sort()).toEqual(["applicant", "application", "ask", "person"]);
    // `rejected` is reached straight from the lookup, before the review has happened.
    expect(names.has("rejected", "review")).toBe(false);
    expect(names.has("issue", "review")).toBe(true);
  });

  it("an optional step's result is not certain after the branches join", () => {
    const definition: ServiceDefinition = {
      schemaVersion: 1, id: "x", title: "x", languages: ["en"], owner: "o", start: "d",
      steps: {
        d: { kind: "decision", branches: [{ when: "true", next: "extra" }], otherwise: "join" },
        extra: { kind: "form", schema: { type: "object" }, next: "join" },
        join: { kind: "form", schema: { type: "object" }, next: "end" },
        end: { kind: "final", outcome: "approved" },
      },
    };
    const names = availableNames(definition);
    expect(names.has("join", "extra")).toBe(false);
    expect(names.has("end", "join")).toBe(true);
  });
});
