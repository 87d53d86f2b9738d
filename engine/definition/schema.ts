/**
 * The service-definition language, written once with TypeBox: the TypeScript types and the
 * published JSON Schema (engine/service-definition.schema.json) both come from here. Each step kind's
 * schema is in engine/steps/<kind>.ts.
 */
import { Type, type Static } from "@sinclair/typebox";

import { stepSchemas } from "../steps/index";
import { StepId, TextSchema } from "../steps/parts";
import { PartiesSchema } from "./parties";
import { InviteStepSchema } from "../steps/invite";
import { DecisionStepSchema } from "../steps/decision";
import { DocumentStepSchema } from "../steps/document";
import { FinalStepSchema } from "../steps/final";
import { FormStepSchema } from "../steps/form";
import { NotificationStepSchema } from "../steps/notification";
import { PaymentStepSchema } from "../steps/payment";
import { RegistryStepSchema } from "../steps/registry";
import { ReviewStepSchema } from "../steps/review";
import { SignStepSchema } from "../steps/sign";
import { TaskStepSchema } from "../steps/task";
import { WaitStepSchema } from "../steps/wait";

export { TextSchema };
export { FormStepSchema, RegistryStepSchema, TaskStepSchema, DecisionStepSchema, ReviewStepSchema, PaymentStepSchema, DocumentStepSchema, NotificationStepSchema, WaitStepSchema, FinalStepSchema, SignStepSchema, InviteStepSchema };

// Each kind's schema is in its module, engine/steps/<kind>.ts, listed once in engine/steps/index.ts;
// the definition's steps are their union.
export { stepSchemas };

export const StepSchema = Type.Union(Object.values(stepSchemas));

export const ServiceDefinitionSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    schemaVersion: Type.Literal(1),
    id: Type.String({ pattern: "^[a-z][a-z0-9-]*$", description: "kebab-case id, stable across versions" }),
    title: TextSchema,
    description: Type.Optional(TextSchema),
    languages: Type.Array(Type.String({ pattern: "^[a-z]{2}$" }), {
      minItems: 1,
      uniqueItems: true,
      description: "The first language is the main one.",
    }),
    owner: Type.Union(TextSchema.anyOf, {
      description: "The authority that provides the service: a name, or the name per language, e.g. { uk: Міністерство юстиції України, en: Ministry of Justice of Ukraine }.",
    }),
    category: Type.Optional(Type.String()),
    tags: Type.Optional(Type.Array(Type.String())),
    limits: Type.Optional(
      Type.Object(
        {
          openApplicationsPerApplicant: Type.Optional(Type.Integer({ minimum: 1 })),
          applicationsPerDay: Type.Optional(Type.Integer({ minimum: 1 })),
          minimumAge: Type.Optional(Type.Integer({ minimum: 0 })),
        },
        { additionalProperties: false },
      ),
    ),
    parties: Type.Optional(PartiesSchema),
    start: StepId,
    steps: Type.Record(StepId, StepSchema, { minProperties: 1 }),
    coverageWaivers: Type.Optional(
      Type.Array(
        Type.Object(
          {
            step: StepId,
            outcome: Type.String({ minLength: 1, description: 'The outcome: an `on` key, "next", "otherwise" or "branch 0", "branch 1"… of a decision.' }),
            reason: Type.String({ minLength: 1, description: "Why no scenario takes this edge (shown in the version diff)." }),
          },
          { additionalProperties: false },
        ),
        { description: "Outcome edges no scenario needs to take, each with a reason. Publishing requires every other edge to be taken by a scenario." },
      ),
    ),
  },
  { additionalProperties: false, title: "Public service definition" },
);

export type Text = Static<typeof TextSchema>;
export type FormStep = Static<typeof FormStepSchema>;
export type RegistryStep = Static<typeof RegistryStepSchema>;
export type TaskStep = Static<typeof TaskStepSchema>;
export type DecisionStep = Static<typeof DecisionStepSchema>;
export type ReviewStep = Static<typeof ReviewStepSchema>;
export type PaymentStep = Static<typeof PaymentStepSchema>;
export type DocumentStep = Static<typeof DocumentStepSchema>;
export type NotificationStep = Static<typeof NotificationStepSchema>;
export type WaitStep = Static<typeof WaitStepSchema>;
export type FinalStep = Static<typeof FinalStepSchema>;
export type SignStep = Static<typeof SignStepSchema>;
export type InviteStep = Static<typeof InviteStepSchema>;
export type Step = Static<typeof StepSchema>;
export type StepKind = Step["kind"];
export type ServiceDefinition = Static<typeof ServiceDefinitionSchema>;
export const stepKinds = Object.keys(stepSchemas) as StepKind[];

/** The JSON Schema as published for editors (Monaco, VS Code) and the studio's property forms. */
export function definitionJsonSchema(): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(ServiceDefinitionSchema)) as Record<string, unknown>;
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://civic-flow.dev/schema/service-definition.schema.json",
    ...plain,
  };
}
