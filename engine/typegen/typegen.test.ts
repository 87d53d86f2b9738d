import { describe, expect, it } from "vitest";
import { loadDefinition } from "..";
import { applicationDataSchema, generateTypes } from "./typegen";

const service = `schemaVersion: 1
id: names
title: { uk: Імена, en: Names }
languages: [uk, en]
owner: Test
start: my_step
steps:
  my_step:
    kind: form
    title: { uk: Перша, en: First }
    schema: { type: object, required: [a], properties: { a: { type: string } } }
    next: myStep
  myStep:
    kind: form
    title: { uk: Друга, en: Second }
    schema: { type: object, required: [b], properties: { b: { type: integer } } }
    next: done
  done: { kind: final, outcome: approved, message: { uk: Готово, en: Done } }
`;

describe("type generation", () => {
  const { definition, issues } = loadDefinition(service);

  it("gives my_step and myStep distinct type names", () => {
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const schema = applicationDataSchema(definition!);
    expect(schema.properties).toMatchObject({ my_step: { $ref: "#/definitions/MyStepAnswers" }, myStep: { $ref: "#/definitions/MyStepAnswers2" } });
  });

  it("keeps both shapes in the generated TypeScript", async () => {
    const types = await generateTypes(definition!);
    expect(types).toMatch(/my_step\?: MyStepAnswers;/);
    expect(types).toMatch(/myStep\?: MyStepAnswers2;/);
    expect(types).toMatch(/b: number/);
  });
});
