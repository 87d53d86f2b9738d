/**
 * Waits for an external event, a registry polled until it answers, or a deadline: a duration from entry
 * (`deadline: P30D`) or an instant an expression gives (`until: ceremony.start`, a booking's start), never both.
 * Either one's passing is the `timeout` outcome.
 */
import { Type, type Static } from "@sinclair/typebox";
import { own } from "../own";
import { Duration, Mapping, Outcomes, stepSchema, TextSchema } from "./parts";
import { CALL_OUTCOMES, isRecord, mappingSites, onOutlets, str, takeReply, tryMapping } from "./shared";
import type { EngineStepModule } from "./types";

export const WaitStepSchema = stepSchema("wait", "Waits for an external event, a registry to finish, or a deadline.", {
  deadline: Type.Optional(Duration),
  until: Type.Optional(Type.String({ minLength: 1, description: "A CEL expression giving the ISO 8601 date-time the step times out at (ceremony.start); not with deadline." })),
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
export type WaitStep = Static<typeof WaitStepSchema>;

const pendingOf = (poll: { pending?: string }) => poll.pending ?? "pending";

export const waitStep: EngineStepModule<"wait"> = {
  kind: "wait",
  schema: WaitStepSchema,
  palette: { label: { uk: "Очікування", en: "Wait" }, symbol: "⧗", color: "#757575", help: { uk: "Чекати на подію, реєстр або строк", en: "Wait for an event, a registry or a deadline" }, shape: ["([", "])"] },
  input: "reply",
  builtinOutcomes: [],
  outlets(id, step, { open, catalog } = {}) {
    if (!open) return onOutlets(id, step.on);
    const poll = isRecord(step.poll) ? step.poll : undefined;
    const operation = poll ? own(own(catalog?.registries, str(poll.registry) ?? "")?.operations, str(poll.operation) ?? "") : undefined;
    const pending = poll ? (str(poll.pending) ?? "pending") : undefined;
    const fromPoll = poll ? [...(operation?.outcomes ?? []).filter((o) => o !== pending), ...CALL_OUTCOMES] : [];
    return onOutlets(id, step.on, [...fromPoll, ...(step.deadline || step.until ? ["timeout"] : [])]);
  },
  provides: (id, step) => (step.poll ? (step.poll.saveAs ?? id) : id),
  saveAsPath: ["poll", "saveAs"],
  expressionSites: (id, step) => [
    ...(step.until !== undefined ? [{ path: ["steps", id, "until"], expr: step.until, expected: "string" as const }] : []),
    ...mappingSites(step.poll?.input, ["steps", id, "poll", "input"]),
  ],
  catalogRefs: (id, step) =>
    step.poll
      ? [{
          type: "operation", registry: step.poll.registry, operation: step.poll.operation, path: ["steps", id, "poll"],
          outcomes: Object.keys(step.on).filter((o) => o !== "timeout"), outcomesPath: ["steps", id, "on"], extraOutcomes: [pendingOf(step.poll)],
        }]
      : [],
  durations: (id, step) => [[step.deadline, ["steps", id, "deadline"]], [step.poll?.every, ["steps", id, "poll", "every"]]],
  fallible: (step) => !!step.poll,
  deadline: (step) => step.deadline ?? step.until,
  moreTexts: (id, step) => (step.poll?.purpose !== undefined ? [{ path: ["steps", id, "poll", "purpose"], text: step.poll.purpose }] : []),
  result: (step, { catalog }) => ({
    suffix: "Result",
    schema: (step.poll && own(own(catalog?.registries, step.poll.registry)?.operations, step.poll.operation)?.output) || { type: "object", additionalProperties: true },
  }),
  newStep: () => ({ kind: "wait", title: { uk: "Очікування", en: "Wait" }, deadline: "P30D" }),
  /** A poll's "not yet" keeps it waiting; any other reply leaves by its outcome with its data. */
  simulate(step, { id, data, input }) {
    if (step.until !== undefined) {
      const at = untilInstant(step.until, data);
      if ("failure" in at) return { failure: `Step "${id}": ${at.failure}` };
    }
    if (step.poll) {
      const mapped = tryMapping(step.poll.input, data);
      if ("failure" in mapped) return { failure: `Step "${id}": ${mapped.failure}` };
      if (isRecord(input) && input.outcome === pendingOf(step.poll)) return { stays: true };
    }
    return takeReply(id, input, step.on);
  },
};

/** The instant `until` gives over the data, as the runtime evaluates it on entry: a date-time string, else a failure. */
export function untilInstant(expr: string, data: Readonly<Record<string, unknown>>): { at: Date } | { failure: string } {
  const mapped = tryMapping({ until: expr }, data);
  if ("failure" in mapped) return { failure: `until failed to evaluate: ${mapped.failure}` };
  const value = mapped.value.until;
  const at = typeof value === "string" && DATE_TIME.test(value) ? new Date(value) : undefined;
  if (!at || Number.isNaN(at.getTime())) return { failure: `until gives ${JSON.stringify(value)}, not an ISO 8601 date-time` };
  return { at };
}

/** A date and a time with its offset (RFC 3339): a bare date or a local time would be read in the server's zone. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
