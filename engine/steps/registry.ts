/** A call to a government registry through a connector: its answer (found, notFound, error…) picks the way out. */
import { Type, type Static } from "@sinclair/typebox";
import { own } from "../own";
import { call, stepSchema, TextSchema } from "./parts";
import { CALL_OUTCOMES, mappingSites, onOutlets, str, takeReply, tryMapping } from "./shared";
import type { EngineStepModule } from "./types";

export const RegistryStepSchema = stepSchema("registry", "A call to a government registry through a connector.", {
  registry: Type.String({ description: "A registry connector configured in the runtime." }),
  operation: Type.String(),
  purpose: Type.Optional(TextSchema),
  ...call("The operation's outcomes (and error, timeout) mapped to the next step."),
});
export type RegistryStep = Static<typeof RegistryStepSchema>;

export const registryStep: EngineStepModule<"registry"> = {
  kind: "registry",
  schema: RegistryStepSchema,
  palette: { label: { uk: "Реєстр", en: "Registry call" }, symbol: "⇄", color: "#6a1b9a", help: { uk: "Запит до державного реєстру (X-Road)", en: "Ask a government registry (X-Road)" }, shape: ["[(", ")]"] },
  input: "reply",
  builtinOutcomes: [],
  outlets(id, step, { open, catalog } = {}) {
    const operation = open ? own(own(catalog?.registries, str(step.registry) ?? "")?.operations, str(step.operation) ?? "") : undefined;
    return onOutlets(id, step.on, open ? [...(operation?.outcomes ?? []), ...CALL_OUTCOMES] : []);
  },
  provides: (id, step) => step.saveAs ?? id,
  saveAsPath: ["saveAs"],
  expressionSites: (id, step) => mappingSites(step.input, ["steps", id, "input"]),
  catalogRefs: (id, step) => [
    { type: "operation", registry: step.registry, operation: step.operation, path: ["steps", id], outcomes: Object.keys(step.on), outcomesPath: ["steps", id, "on"], extraOutcomes: [] },
  ],
  durations: (id, step) => [[step.timeout, ["steps", id, "timeout"]], [step.retry?.interval, ["steps", id, "retry", "interval"]]],
  fallible: () => true,
  result: (step, { catalog }) => ({ suffix: "Result", schema: own(own(catalog?.registries, step.registry)?.operations, step.operation)?.output ?? { type: "object", additionalProperties: true } }),
  newStep(catalog) {
    const [registry, info] = Object.entries(catalog?.registries ?? {})[0] ?? ["population", { operations: { getPerson: {} } }];
    const operation = Object.keys(info.operations)[0] ?? "getPerson";
    return { kind: "registry", title: { uk: "Реєстр", en: "Registry call" }, registry, operation, purpose: { uk: "Навіщо читаємо ці дані", en: "Why this data is read" } };
  },
  simulate(step, { id, data, input }) {
    const mapped = tryMapping(step.input, data); // the runtime evaluates the input before the call
    if ("failure" in mapped) return { failure: `Step "${id}": ${mapped.failure}` };
    return takeReply(id, input, step.on);
  },
};
