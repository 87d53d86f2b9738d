/** Chooses the next step by the first condition that holds, without waiting for anything. */
import { Type, type Static } from "@sinclair/typebox";
import { compileExpression, isExpressionError } from "../expressions/cel";
import { Expression, StepId, stepSchema } from "./parts";
import { isRecord, str } from "./shared";
import type { EngineStepModule, Outlet } from "./types";

export const DecisionStepSchema = stepSchema("decision", "Chooses the next step by the first condition that holds.", {
  branches: Type.Array(
    Type.Object({ when: Expression, next: StepId }, { additionalProperties: false }),
    { minItems: 1 },
  ),
  otherwise: StepId,
});
export type DecisionStep = Static<typeof DecisionStepSchema>;

/** The outcome name of a branch, as coverage and waivers write it. */
export const branchOutcome = (index: number) => `branch ${index}`;

export const decisionStep: EngineStepModule<"decision"> = {
  kind: "decision",
  schema: DecisionStepSchema,
  palette: { label: { uk: "Рішення", en: "Decision" }, symbol: "◇", color: "#b26a00", help: { uk: "Вибір наступного кроку за умовами", en: "Choose the next step by conditions" }, shape: ["{", "}"] },
  input: "none",
  builtinOutcomes: [],
  outlets(id, step, { open } = {}) {
    const base = ["steps", id];
    const branches = Array.isArray(step.branches) ? (step.branches as unknown[]) : [];
    const outlets: Outlet[] = branches.map((branch, i) => {
      const when = isRecord(branch) ? str(branch.when) : undefined;
      return { outcome: branchOutcome(i), label: when ? `when ${when}` : `condition ${i + 1}`, to: isRecord(branch) ? str(branch.next) : undefined, path: [...base, "branches", i, "next"], when: when ?? "false" };
    });
    if (open) outlets.push({ outcome: "+ condition", label: "+ condition", path: [...base, "branches"], adds: "branch" });
    outlets.push({ outcome: "otherwise", label: "otherwise", to: str(step.otherwise), path: [...base, "otherwise"] });
    return outlets;
  },
  provides: () => undefined,
  expressionSites: (id, step) => step.branches.map((b, i) => ({ path: ["steps", id, "branches", i, "when"], expr: b.when, expected: "bool" as const })),
  catalogRefs: () => [],
  durations: () => [],
  fallible: () => false,
  newStep: () => ({ kind: "decision", title: { uk: "Рішення", en: "Decision" }, branches: [] }),
  /** The first branch whose condition is true, as the machine's guards choose (anything but `true` does not hold). */
  simulate(step, { id, data }) {
    for (const [i, branch] of step.branches.entries()) {
      const compiled = compileExpression(branch.when);
      if (isExpressionError(compiled)) return { failure: `Step "${id}": ${compiled.message} in "${branch.when}"` };
      try {
        if (compiled.evaluate(data as Record<string, unknown>) === true) return { outcome: branchOutcome(i) };
      } catch (error) {
        return { failure: `Step "${id}": ${(error as Error).message}` };
      }
    }
    return { outcome: "otherwise" };
  },
};
