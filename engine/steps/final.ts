/** Where an application ends: approved, rejected, cancelled or failed. */
import { Type, type Static } from "@sinclair/typebox";
import { stepSchema, TextSchema } from "./parts";
import type { EngineStepModule } from "./types";

export const FinalStepSchema = stepSchema("final", "Where an application ends.", {
  outcome: Type.Union(
    [Type.Literal("approved"), Type.Literal("rejected"), Type.Literal("cancelled"), Type.Literal("failed")],
    { description: "What the ending means for the citizen." },
  ),
  message: Type.Optional(TextSchema),
  refund: Type.Optional(
    Type.Boolean({
      description:
        "Whether what the citizen paid is refunded when the application ends here. Default: yes for rejected, cancelled and failed endings, no for approved. false keeps a fee that is not returned on a refusal.",
    }),
  ),
});
export type FinalStep = Static<typeof FinalStepSchema>;

export const finalStep: EngineStepModule<"final"> = {
  kind: "final",
  schema: FinalStepSchema,
  palette: { label: { uk: "Кінець", en: "End" }, symbol: "●", color: "#c62828", help: { uk: "Тут заява завершується", en: "Where an application ends" }, shape: ["((", "))"] },
  input: "none",
  builtinOutcomes: [],
  outlets: () => [],
  provides: () => undefined,
  expressionSites: () => [],
  catalogRefs: () => [],
  durations: () => [],
  fallible: () => false,
  ending: (step) => step.outcome,
  newStep: () => ({ kind: "final", title: { uk: "Кінець", en: "End" }, outcome: "approved", message: { uk: "Готово", en: "Done" } }),
  simulate: (_step, { id }) => ({ failure: `Step "${id}" is final: nothing happens there` }),
};
