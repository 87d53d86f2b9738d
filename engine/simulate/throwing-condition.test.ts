import { describe, expect, it } from "vitest";
import { compileDefinition, loadDefinition, parseScenario, runScenario } from "..";

const service = `schemaVersion: 1
id: throws
title: { uk: Т, en: T }
languages: [uk, en]
owner: Test
start: ask
steps:
  ask:
    kind: form
    title: { uk: Питання, en: Question }
    schema: { type: object, required: [n], properties: { n: { type: integer } } }
    next: check
  check:
    kind: decision
    branches:
      - when: '10 / (ask.n - 1) > 1'
        next: done
    otherwise: done
  done: { kind: final, outcome: approved, message: { uk: Готово, en: Done } }
`;

describe("a condition that throws at run time", () => {
  it("fails the scenario at its step, with CEL's error", () => {
    const { definition } = loadDefinition(service);
    const { scenario } = parseScenario("name: divides by zero\nanswers:\n  ask: { n: 1 }\nexpect:\n  final: done\n");
    const result = runScenario(compileDefinition(definition!), scenario!);
    expect(result.passed).toBe(false);
    expect(result.failures[0]).toMatch(/^Step "check": int divide by zero in "10 \/ \(ask\.n - 1\) > 1"/);
  });
});
