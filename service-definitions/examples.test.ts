import { describe, expect, it } from "vitest";
import {
  compileDefinition, edgeCoverage, enumeratePaths, formatEdge, formatIssue, type TakenEdge, loadDefinition, parseScenario, runScenario, uncoveredEdges, uncoveredPaths,
} from "../engine";
import { exampleCatalog, exampleServices } from ".";

const catalog = exampleCatalog();
const services = exampleServices();

describe("example services", () => {
  it("there are at least five", () => {
    expect(services.length).toBeGreaterThanOrEqual(5);
  });

  for (const service of services) {
    describe(service.id, () => {
      const loaded = loadDefinition(service.text, { catalog });

      it("validates without issues and declares the schema for editors", () => {
        expect(loaded.issues.map((i) => formatIssue(service.file, i))).toEqual([]);
        expect(service.text.split("\n")[0]).toBe("# yaml-language-server: $schema=../../engine/service-definition.schema.json");
        expect(loaded.definition!.id).toBe(service.id);
      });

      it("compiles to the same machine every time", () => {
        const a = compileDefinition(loaded.definition!);
        const b = compileDefinition(structuredClone(loaded.definition!));
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
        expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
      });

      const compiled = loaded.definition && compileDefinition(loaded.definition);
      const traces: string[][] = [];
      const taken: TakenEdge[][] = [];
      for (const file of service.scenarios) {
        it(`scenario ${file.file.split("/").pop()}`, () => {
          const { scenario, issues } = parseScenario(file.text);
          expect(issues.map((i) => formatIssue(file.file, i))).toEqual([]);
          const result = runScenario(compiled!, scenario!);
          expect(result.failures).toEqual([]);
          traces.push(result.visited);
          taken.push(result.taken);
        });
      }

      it("has a scenario for every path and every transition", () => {
        const { paths, truncated } = enumeratePaths(loaded.definition!);
        expect(truncated).toBe(false);
        expect(uncoveredPaths(paths, traces).map((p) => p.join(" → "))).toEqual([]);
        expect(uncoveredEdges(loaded.definition!, traces)).toEqual([]);
        // By outcome edge: two outcomes leading to the same step are two edges, each taken by a scenario.
        expect(edgeCoverage(loaded.definition!, taken).uncovered.map(formatEdge)).toEqual([]);
      });
    });
  }
});
