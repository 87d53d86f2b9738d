import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { exampleCatalog } from "../../service-definitions";
import { loadDefinition } from "..";
import { generateLargeService } from "./large-service";

describe("the generated large service (benchmarks and studio speed tests)", () => {
  it("is valid against the examples' catalog, so the benches measure a service that could be published", () => {
    const { issues } = loadDefinition(stringify(generateLargeService(20)), { catalog: exampleCatalog() });
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
  });
});
