/**
 * The service-definition language, written once with TypeBox: the TypeScript types and the
 * published JSON Schema (engine/service-definition.schema.json) both come from here.
 */
import { Type, type Static, type TSchema } from "@sinclair/typebox";

const StepId = Type.String({
  pattern: "^[a-zA-Z][a-zA-Z0-9_]*$",
  description: "The id of a step in this service (letters, digits, underscore).",
});

/** A text shown to people: one string per language, or one string in the service's first language. */
export const TextSchema = Type.Union(
  [
    Type.String(),
    Type.Record(Type.String({ pattern: "^[a-z]{2}$" }), Type.String(), {
      description: "Per-language text, e.g. { uk: Витяг, en: Certificate }",
    }),
  ],
  { description: "A text for people, per language." },
);

const Expression = Type.String({
  description: "A CEL expression over the application's data, e.g. person.age >= 18",
  minLength: 1,
});
const Duration = Type.String({
  description: "An ISO 8601 duration (P10D, PT1H) or a short form (10s, 5m, 2h, 30d).",
  minLength: 2,
});
const Mapping = Type.Record(Type.String(), Expression, {
  description: "Names mapped to CEL expressions evaluated over the application's data.",
});
const Outcomes = (description: string) =>
  Type.Record(Type.String({ pattern: "^[a-zA-Z][a-zA-Z0-9_]*$" }), StepId, { description, minProperties: 1 });

const Position = Type.Object(
  { x: Type.Number(), y: Type.Number() },
  { additionalProperties: false, description: "Where the studio draws the step." },
);
const Retry = Type.Object(
  {
    maxAttempts: Type.Integer({ minimum: 1, maximum: 20 }),
    backoff: Type.Optional(Type.Union([Type.Literal("fixed"), Type.Literal("exponential")])),
    interval: Type.Optional(Duration),
  },
  { additionalProperties: false, description: "How often a failing call is retried before the error outcome." },
);

const common = {
  title: Type.Optional(TextSchema),
  description: Type.Optional(TextSchema),
  position: Type.Optional(Position),
};
const step = <K extends string, P extends Record<string, TSchema>>(kind: K, description: string, props: P) =>
  Type.Object(
    { kind: Type.Literal(kind), ...common, ...props },
    { additionalProperties: false, description, title: `${kind} step` },
  );

/** What registry and task steps share: they call something that can fail, time out and be retried. */
const call = (outcomes: string) => ({
  input: Type.Optional(Mapping),
  saveAs: Type.Optional(Type.String()),
  timeout: Type.Optional(Duration),
  retry: Type.Optional(Retry),
  on: Outcomes(outcomes),
});

export const FormStepSchema = step("form", "A form the citizen fills.", {
  schema: Type.Unsafe<{ type: "object"; [keyword: string]: unknown }>(
    Type.Object(
      { type: Type.Literal("object") },
      { additionalProperties: true, description: "JSON Schema 2020-12 of the answers; title/description may be per-language texts." },
    ),
  ),
  uiSchema: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "rjsf uiSchema" })),
  prefill: Type.Optional(Type.Record(Type.String(), Expression, { description: "Field → expression giving its initial value." })),
  saveAs: Type.Optional(Type.String({ description: "Where the answers go in the data; defaults to the step id." })),
  next: StepId,
});

export const RegistryStepSchema = step("registry", "A call to a government registry through a connector.", {
  registry: Type.String({ description: "A registry connector configured in the runtime." }),
  operation: Type.String(),
  purpose: Type.Optional(TextSchema),
  ...call("The operation's outcomes (and error, timeout) mapped to the next step."),
});

export const TaskStepSchema = step("task", "A custom step handler written in TypeScript.", {
  handler: Type.String({ description: "The handler's type, e.g. fee-calculation" }),
  version: Type.Integer({ minimum: 1 }),
  params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  ...call("The handler's outcomes (and error, timeout) mapped to the next step."),
});

export const DecisionStepSchema = step("decision", "Chooses the next step by the first condition that holds.", {
  branches: Type.Array(
    Type.Object({ when: Expression, next: StepId }, { additionalProperties: false }),
    { minItems: 1 },
  ),
  otherwise: StepId,
});

export const ReviewStepSchema = step("review", "A decision by an officer in the office.", {
  role: Type.String({ description: "The officers' role that gets the task, e.g. mvs-officer" }),
  instructions: Type.Optional(TextSchema),
  deadline: Type.Optional(Duration),
  on: Outcomes("The officer's decisions (approve, reject, sendBack…) and timeout mapped to the next step."),
});

export const PaymentStepSchema = step("payment", "A fee the citizen pays.", {
  amount: Type.Union([Type.Number({ minimum: 0 }), Expression], { description: "In the currency's main unit." }),
  currency: Type.Optional(Type.String({ pattern: "^[A-Z]{3}$", default: "UAH" })),
  purpose: TextSchema,
  deadline: Type.Optional(Duration),
  saveAs: Type.Optional(Type.String()),
  on: Outcomes("paid, failed and timeout mapped to the next step."),
});

export const DocumentStepSchema = step("document", "Issues a signed document to the applicant.", {
  template: Type.String(),
  data: Type.Optional(Mapping),
  validFor: Type.Optional(Duration),
  saveAs: Type.Optional(Type.String()),
  next: StepId,
});

export const NotificationStepSchema = step("notification", "Tells the applicant something (inbox, e-mail).", {
  message: TextSchema,
  channels: Type.Optional(Type.Array(Type.Union([Type.Literal("inbox"), Type.Literal("email")]), { minItems: 1 })),
  next: StepId,
});

export const WaitStepSchema = step("wait", "Waits for an external event, a registry to finish, or a deadline.", {
  deadline: Type.Optional(Duration),
  poll: Type.Optional(
    Type.Object(
      {
        registry: Type.String(),
        operation: Type.String(),
        purpose: Type.Optional(TextSchema),
        input: Type.Optional(Mapping),
        saveAs: Type.Optional(Type.String()),
        every: Duration,
        pending: Type.Optional(Type.String({ description: "The outcome that means 'not yet'; default pending." })),
      },
      { additionalProperties: false, description: "Asks a registry again and again until it answers." },
    ),
  ),
  on: Outcomes("Events (or poll outcomes) and timeout mapped to the next step."),
});

export const FinalStepSchema = step("final", "Where an application ends.", {
  outcome: Type.Union(
    [Type.Literal("approved"), Type.Literal("rejected"), Type.Literal("cancelled"), Type.Literal("failed")],
    { description: "What the ending means for the citizen." },
  ),
  message: Type.Optional(TextSchema),
});

export const stepSchemas = {
  form: FormStepSchema,
  registry: RegistryStepSchema,
  task: TaskStepSchema,
  decision: DecisionStepSchema,
  review: ReviewStepSchema,
  payment: PaymentStepSchema,
  document: DocumentStepSchema,
  notification: NotificationStepSchema,
  wait: WaitStepSchema,
  final: FinalStepSchema,
} as const;

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
    owner: Type.String({ description: "The authority that provides the service." }),
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
    start: StepId,
    steps: Type.Record(StepId, StepSchema, { minProperties: 1 }),
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
