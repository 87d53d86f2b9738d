import { describe, expect, it } from "vitest";
import { compileDefinition, enumeratePaths, evaluateMapping, loopErase, parseScenario, runScenario, uncoveredPaths } from "..";
import { minimalDefinition } from "../test-fixtures/load";

const compiled = compileDefinition(minimalDefinition());
const approved = {
  name: "approved",
  answers: { ask: { age: 30 } },
  replies: { lookup: { outcome: "found", data: { birthPlace: null } }, review: { outcome: "approve" } },
  expect: { final: "done", outcome: "approved", documents: ["criminal-record-certificate"] },
};

describe("scenarios", () => {
  it("runs a scenario to its final step and records the path, decisions included", () => {
    const result = runScenario(compiled, approved);
    expect(result.failures).toEqual([]);
    expect(result.visited).toEqual(["ask", "lookup", "check", "review", "issue", "done"]);
    // The runtime's shapes: a document row's data, the office's decision.
    expect(result.data.issue).toEqual({
      id: "scenario-1", number: "CRI-2026-000001", template: "criminal-record-certificate",
      issuedAt: "2026-01-01T09:00:03.000Z", expiresAt: null,
      data: evaluateMapping((compiled.definition.steps.issue as { data?: Record<string, string> }).data, result.data),
    });
    expect(result.data.review).toEqual({ decision: "approve", reason: null, officerId: "officer-1", decidedAt: expect.any(String) });
  });

  it("records each outcome edge taken, decisions by the branch that held", () => {
    const result = runScenario(compiled, approved);
    expect(result.taken.map((t) => `${t.step}.${t.outcome}>${t.to}`)).toEqual([
      "ask.next>lookup", "lookup.found>check", "check.branch 0>review", "review.approve>issue", "issue.next>done",
    ]);
    expect(runScenario(compiled, approved).data).toEqual(result.data); // the same seed, the same values
  });

  it("fails with a clear message when the ending differs", () => {
    const result = runScenario(compiled, { ...approved, expect: { final: "rejected" } });
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual(['Expected to end at "rejected", ended at "done"']);
  });

  it("checks answers against the form's schema", () => {
    const result = runScenario(compiled, { ...approved, answers: { ask: { age: -1 } } });
    expect(result.failures[0]).toMatch(/Answers for "ask" are invalid: age: Не менше 0/);
  });

  it("reports a missing reply and an outcome the step does not have", () => {
    expect(runScenario(compiled, { ...approved, replies: {} }).failures).toEqual(['No reply for registry step "lookup"']);
    const wrong = runScenario(compiled, { ...approved, replies: { lookup: { outcome: "maybe" } } });
    expect(wrong.failures[0]).toMatch(/Step "lookup" has no outcome "maybe"/);
  });

  it("an outcome named like a member of every object is no outcome of the step", () => {
    const wrong = runScenario(compiled, { ...approved, replies: { ...approved.replies, review: { outcome: "toString" } } });
    expect(wrong.passed).toBe(false);
    expect(wrong.failures[0]).toMatch(/Step "review" has no outcome "toString"/);
  });

  it("parses scenario files and reports problems with positions", () => {
    expect(parseScenario("name: x\nexpect: { final: done }\n").scenario?.name).toBe("x");
    const bad = parseScenario("name: x\nexpect:\n  finale: done\n");
    expect(bad.scenario).toBeUndefined();
    expect(bad.issues[0]).toMatchObject({ code: "scenario.invalid", line: 3 });
  });
});

describe("paths", () => {
  it("enumerates every path from the start to a final step", () => {
    const { paths } = enumeratePaths(compiled.definition);
    expect(paths.map((p) => p.join(">")).sort()).toEqual([
      "ask>lookup>check>rejected",
      "ask>lookup>check>review>issue>done",
      "ask>lookup>check>review>rejected",
      "ask>lookup>rejected",
    ]);
  });

  it("reports the paths no scenario covers", () => {
    const { paths } = enumeratePaths(compiled.definition);
    const trace = runScenario(compiled, approved).visited;
    expect(uncoveredPaths(paths, [trace]).length).toBe(3);
  });

  it("erases loops from a trace", () => {
    expect(loopErase(["a", "b", "c", "b", "d"])).toEqual(["a", "b", "d"]);
  });

  it("stops at a limit on services with very many paths", () => {
    expect(enumeratePaths(compiled.definition, 2)).toMatchObject({ truncated: true });
  });
});
