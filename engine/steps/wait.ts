/** Waits for an external event, a registry polled until it answers, or a deadline. */
import { Type, type Static } from "@sinclair/typebox";
import { own } from "../own";
import { Duration, Mapping, Outcomes, stepSchema, TextSchema } from "./parts";
import { CALL_OUTCOMES, isRecord, mappingSites, onOutlets, str, takeReply, tryMapping } from "./shared";
import type { EngineStepModule } from "./types";

export const WaitStepSchema = stepSchema("wait", "Waits for an external event, a registry to finish, or a deadline.", {
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
    return onOutlets(id, step.on, [...fromPoll, ...(step.deadline ? ["timeout"] : [])]);
  },
  provides: (id, step) => (step.poll ? (step.poll.saveAs ?? id) : id),
  saveAsPath: ["poll", "saveAs"],
  expressionSites: (id, step) => mappingSites(step.poll?.input, ["steps", id, "poll", "input"]),
  catalogRefs: (id, step) =>
    step.poll
      ? [{
          type: "operation", registry: step.poll.registry, operation: step.poll.operation, path: ["steps", id, "poll"],
          outcomes: Object.keys(step.on).filter((o) => o !== "timeout"), outcomesPath: ["steps", id, "on"], extraOutcomes: [pendingOf(step.poll)],
        }]
      : [],
  durations: (id, step) => [[step.deadline, ["steps", id, "deadline"]], [step.poll?.every, ["steps", id, "poll", "every"]]],
  fallible: (step) => !!step.poll,
  deadline: (step) => step.deadline,
  moreTexts: (id, step) => (step.poll?.purpose !== undefined ? [{ path: ["steps", id, "poll", "purpose"], text: step.poll.purpose }] : []),
  result: (step, { catalog }) => ({
    suffix: "Result",
    schema: (step.poll && own(own(catalog?.registries, step.poll.registry)?.operations, step.poll.operation)?.output) || { type: "object", additionalProperties: true },
  }),
  newStep: () => ({ kind: "wait", title: { uk: "Очікування", en: "Wait" }, deadline: "P30D" }),
  /** A poll's "not yet" keeps it waiting; any other reply leaves by its outcome with its data. */
  simulate(step, { id, data, input }) {
    if (step.poll) {
      const mapped = tryMapping(step.poll.input, data);
      if ("failure" in mapped) return { failure: `Step "${id}": ${mapped.failure}` };
      if (isRecord(input) && input.outcome === pendingOf(step.poll)) return { stays: true };
    }
    return takeReply(id, input, step.on);
  },
};
