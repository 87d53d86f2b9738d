import { Type, type Static } from "@sinclair/typebox";
import { parseSource } from "../parse/parse";
import { createAjv, pointerToPath } from "../validation/ajv";
import type { Issue } from "../issues";

const Reply = Type.Object(
  { outcome: Type.String({ minLength: 1 }), data: Type.Optional(Type.Unknown()) },
  { additionalProperties: false, description: "What a registry, handler, officer, payment or deadline answers." },
);

/** A scenario: answers to the forms and replies of the outside world, and the ending expected. */
export const ScenarioSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    applicant: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    answers: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Array(Type.Record(Type.String(), Type.Unknown()))]), {
        description: "Form step id → answers (a list when the form is filled more than once).",
      }),
    ),
    replies: Type.Optional(
      Type.Record(Type.String(), Type.Union([Reply, Type.Array(Reply)]), {
        description: "Step id → reply (a list when the step runs more than once).",
      }),
    ),
    expect: Type.Object(
      {
        final: Type.String(),
        outcome: Type.Optional(Type.String()),
        documents: Type.Optional(Type.Array(Type.String())),
        visits: Type.Optional(Type.Array(Type.String())),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type Scenario = Static<typeof ScenarioSchema>;
export type ScenarioReply = Static<typeof Reply>;

const validate = createAjv().compile(JSON.parse(JSON.stringify(ScenarioSchema)));

/** Parses a scenario file; problems are issues with positions. */
export function parseScenario(text: string): { scenario?: Scenario; issues: Issue[] } {
  const parsed = parseSource(text);
  if (parsed.value === undefined) return { issues: parsed.issues };
  if (!validate(parsed.value)) {
    const issues = (validate.errors ?? []).map((error): Issue => {
      const path = pointerToPath(error.instancePath);
      const { line, column } = parsed.sourceMap.locate(path);
      return { code: "scenario.invalid", severity: "error", path, line, column, message: `${error.instancePath || "scenario"} ${error.message}` };
    });
    return { issues };
  }
  return { scenario: parsed.value as Scenario, issues: parsed.issues };
}

/** The applicant of scenarios that name none: a demo person. */
export const DEMO_APPLICANT = {
  id: "demo-applicant",
  taxId: "3012345678",
  firstName: "Олена",
  lastName: "Коваленко",
  middleName: "Петрівна",
  birthDate: "1990-04-12",
  gender: "female",
  phone: "+380671234567",
  email: "olena@example.com",
};
