import { describe, expect, it } from "vitest";
import { checkScenarioCoverage, compileDefinition, countPaths, edgeCoverage, enumeratePaths, formatEdge, loadDefinition, loopErase, runScenario, simplePaths, uncoveredEdges, type ServiceDefinition } from "..";
import { minimalDefinition } from "../test-fixtures/load";
import { chainText, diamondLoopText } from "../validation/hostile/generate";
import { cpuMs } from "../test-fixtures/cpu-time";

const load = (text: string) => {
  const { definition, issues } = loadDefinition(text);
  if (!definition) throw new Error(JSON.stringify(issues.slice(0, 3)));
  return definition;
};

/** `count` diamonds in a row ending at a final step: 2^count paths, no loop. */
function diamonds(count: number): ServiceDefinition {
  return load(diamondLoopText(count).replace(`otherwise: b${count - 1}`, `otherwise: b${count - 1}`).replace(/next: d0}/g, "next: done}"));
}

describe("paths on hostile graphs", () => {
  it("a 10,000-step chain: one path, found without recursion", () => {
    const steps = Array.from({ length: 9_999 }, (_, i) => `  s${i}: {kind: notification, message: Hi, next: ${i < 9_998 ? `s${i + 1}` : "done"}}`);
    const definition = load(["schemaVersion: 1", "id: chain", "title: Chain", "languages: [en]", "owner: T", "start: s0", "steps:", ...steps, "  done: {kind: final, outcome: approved}"].join("\n"));
    const { paths, truncated } = enumeratePaths(definition);
    expect(truncated).toBe(false);
    expect(paths.length).toBe(1);
    expect(paths[0].length).toBe(10_000);
    expect(countPaths(definition)).toEqual({ count: 1n, exact: true });
  });

  it("a 10,000-step chain with an exit at every few steps: listing stops at the cap, counting does not", () => {
    const definition = load(chainText(10_000));
    const started = cpuMs();
    expect(enumeratePaths(definition).truncated).toBe(true); // the paths together hold millions of steps
    expect(countPaths(definition)).toEqual({ count: 1n + 200n + 1000n, exact: true }); // the end, each registry's exit, each decision's
    expect(cpuMs() - started).toBeLessThan(5_000);
  });

  it("a loop of 40 diamonds: enumeration stops at its work cap, quickly, and says so", () => {
    const definition = load(diamondLoopText(40));
    const started = cpuMs();
    const { truncated } = enumeratePaths(definition);
    expect(truncated).toBe(true);
    expect(cpuMs() - started).toBeLessThan(5_000);
    expect(countPaths(definition).exact).toBe(false);
  });

  it("counts 2^40 paths through 40 diamonds in linear time, without listing them", () => {
    const definition = diamonds(40);
    const started = cpuMs();
    // Every decision also leads straight to `done`: paths(d_i) = 1 + 2·paths(d_i+1), with `done` after d_39's
    // diamond counting 1, so paths(d_0) = 2^41 - 1.
    expect(countPaths(definition)).toEqual({ count: 2n ** 41n - 1n, exact: true });
    expect(cpuMs() - started).toBeLessThan(1_000);
  });

  it("lists paths lazily: the first ones come without exploring the rest", () => {
    const walk = simplePaths(diamonds(40));
    const first = walk.next();
    expect(first.done).toBe(false);
    expect((first.value as string[])[0]).toBe("d0");
  });

  it("coverage by transitions is linear and independent of the number of paths", () => {
    const definition = diamonds(40);
    const started = cpuMs();
    expect(uncoveredEdges(definition, [["d0", "a0", "d1"]]).length).toBe(40 * 5 - 2);
    expect(cpuMs() - started).toBeLessThan(1_000);
  });

  it("erases loops from long traces in linear time", () => {
    const trace = Array.from({ length: 200_000 }, (_, i) => `s${i % 1000}`);
    expect(loopErase(trace)).toEqual(Array.from({ length: 1000 }, (_, i) => `s${i}`));
  });
});

describe("coverage by outcome edge", () => {
  const approved = {
    name: "approved",
    answers: { ask: { age: 30 } },
    replies: { lookup: { outcome: "found", data: { birthPlace: null } }, review: { outcome: "approve" } },
    expect: { final: "done" },
  };

  it("counts each outcome as an edge, even where two outcomes lead to the same step", () => {
    const compiled = compileDefinition(minimalDefinition());
    const run = runScenario(compiled, approved);
    const coverage = edgeCoverage(compiled.definition, [run.taken]);
    expect(coverage.edges.map(formatEdge)).toContain("lookup.notFound → rejected");
    expect(coverage.uncovered.map((e) => `${e.step}.${e.outcome}`)).toEqual(expect.arrayContaining(["lookup.notFound", "check.otherwise", "review.reject"]));
    expect(coverage.uncovered.map((e) => `${e.step}.${e.outcome}`)).not.toContain("check.branch 0");
    // Taking the same transition by another outcome does not cover this one.
    const sameTarget = coverage.edges.filter((e) => e.step === "lookup" && e.to === "rejected");
    expect(sameTarget.length).toBeGreaterThan(0);
  });

  it("a waiver with a reason covers an edge; a waiver naming no edge is reported", () => {
    const definition = minimalDefinition();
    const compiled = compileDefinition(definition);
    const run = runScenario(compiled, approved);
    const before = edgeCoverage(definition, [run.taken]).uncovered.length;
    definition.coverageWaivers = [
      { step: "lookup", outcome: "notFound", reason: "the register always finds the demo person" },
      { step: "lookup", outcome: "vanished", reason: "renamed" },
    ];
    const coverage = edgeCoverage(definition, [run.taken]);
    expect(coverage.uncovered.length).toBe(before - 1);
    expect(coverage.waived).toEqual([{ step: "lookup", outcome: "notFound", to: "rejected", reason: "the register always finds the demo person" }]);
    expect(coverage.strayWaivers).toEqual([{ step: "lookup", outcome: "vanished", reason: "renamed" }]);
  });

  it("the publish gate lists what blocks: failing scenarios, uncovered edges", () => {
    const compiled = compileDefinition(minimalDefinition());
    expect(checkScenarioCoverage(compiled, []).blockers[0]).toMatch(/no scenarios/);
    const { blockers } = checkScenarioCoverage(compiled, [approved]);
    expect(blockers).toHaveLength(1);
    expect(blockers[0]).toMatch(/outcome edge\(s\) taken by no scenario and not waived: .*lookup\.notFound → rejected/);
  });
});
