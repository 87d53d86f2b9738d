/** A custom step handler (TypeScript, by type and version): its outcome picks the way out. */
import { Type, type Static } from "@sinclair/typebox";
import { call, stepSchema } from "./parts";
import { CALL_OUTCOMES, mappingSites, onOutlets, str, takeReply, tryMapping } from "./shared";
import type { EngineStepModule } from "./types";

export const TaskStepSchema = stepSchema("task", "A custom step handler written in TypeScript.", {
  handler: Type.String({ description: "The handler's type, e.g. fee-calculation" }),
  version: Type.Integer({ minimum: 1 }),
  params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  ...call("The handler's outcomes (and error, timeout) mapped to the next step."),
});
export type TaskStep = Static<typeof TaskStepSchema>;

export const taskStep: EngineStepModule<"task"> = {
  kind: "task",
  schema: TaskStepSchema,
  palette: { label: { uk: "Обробник", en: "Handler" }, symbol: "⚙", color: "#455a64", help: { uk: "Власний обробник на TypeScript", en: "A custom TypeScript step handler" }, shape: ["[[", "]]"] },
  input: "reply",
  builtinOutcomes: [],
  outlets(id, step, { open, catalog } = {}) {
    if (!open) return onOutlets(id, step.on);
    const handlers = catalog?.handlers ?? [];
    const handler = handlers.find((h) => h.type === str(step.handler) && h.version === step.version) ?? handlers.find((h) => h.type === str(step.handler));
    return onOutlets(id, step.on, [...(handler?.outcomes ?? []), ...CALL_OUTCOMES]);
  },
  provides: (id, step) => step.saveAs ?? id,
  saveAsPath: ["saveAs"],
  expressionSites: (id, step) => mappingSites(step.input, ["steps", id, "input"]),
  catalogRefs: (id, step) => [{ type: "handler", handler: step.handler, version: step.version, params: step.params, path: ["steps", id], outcomes: Object.keys(step.on) }],
  durations: (id, step) => [[step.timeout, ["steps", id, "timeout"]], [step.retry?.interval, ["steps", id, "retry", "interval"]]],
  fallible: () => true,
  newStep(catalog) {
    const handler = catalog?.handlers[0];
    return { kind: "task", title: { uk: "Обробник", en: "Handler" }, handler: handler?.type ?? "fee-calculation", version: handler?.version ?? 1 };
  },
  simulate(step, { id, data, input }) {
    const mapped = tryMapping(step.input, data);
    if ("failure" in mapped) return { failure: `Step "${id}": ${mapped.failure}` };
    return takeReply(id, input, step.on);
  },
};
