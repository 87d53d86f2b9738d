/**
 * The building blocks of the step kinds' schemas (TypeBox), shared by engine/steps/<kind>.ts and
 * engine/definition/schema.ts. Kept apart from both so that neither imports the other's values.
 */
import { Type, type TSchema } from "@sinclair/typebox";

export const StepId = Type.String({
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

export const Expression = Type.String({
  description: "A CEL expression over the application's data, e.g. person.age >= 18",
  minLength: 1,
});
export const Duration = Type.String({
  description: "An ISO 8601 duration (P10D, PT1H) or a short form (10s, 5m, 2h, 30d).",
  minLength: 2,
});
export const Mapping = Type.Record(Type.String(), Expression, {
  description: "Names mapped to CEL expressions evaluated over the application's data.",
});
export const Outcomes = (description: string) =>
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

/** A step kind's schema: `kind`, the properties every step has, and its own. */
export const stepSchema = <K extends string, P extends Record<string, TSchema>>(kind: K, description: string, props: P) =>
  Type.Object(
    { kind: Type.Literal(kind), ...common, ...props },
    { additionalProperties: false, description, title: `${kind} step` },
  );

/** What registry and task steps share: they call something that can fail, time out and be retried. */
export const call = (outcomes: string) => ({
  input: Type.Optional(Mapping),
  saveAs: Type.Optional(Type.String()),
  timeout: Type.Optional(Duration),
  retry: Type.Optional(Retry),
  on: Outcomes(outcomes),
});
