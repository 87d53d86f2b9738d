import { assign, setup } from "xstate";
import { compileExpression, isExpressionError } from "../expressions/cel";
import { EngineError } from "../issues";
import type { CompiledService, ServiceEvent } from "./compile";

export interface ServiceContext {
  /** Everything known about the application: `applicant`, `application`, and each step's result by name. */
  data: Record<string, unknown>;
}

export interface ServiceInput {
  data?: Record<string, unknown>;
}

/**
 * Turns a compiled service into an XState machine. The default implementations are pure (store a
 * result, evaluate a CEL condition), so the same machine runs in the browser, in the scenario runner
 * and in the durable runtime, which restores it from persisted snapshots.
 */
export function createServiceMachine(compiled: CompiledService) {
  // Conditions are compiled once per machine, not looked up on every transition.
  const conditions = new Map<string, (data: Record<string, unknown>) => unknown>();
  const condition = (source: string) => {
    let evaluate = conditions.get(source);
    if (!evaluate) {
      const expression = compileExpression(source);
      if (isExpressionError(expression)) throw new EngineError("expression.syntax", `${expression.message} in "${source}"`);
      conditions.set(source, (evaluate = expression.evaluate));
    }
    return evaluate;
  };
  return setup({
    types: {} as { context: ServiceContext; events: ServiceEvent; input: ServiceInput },
    actions: {
      store: assign(({ context, event }, params: { as: string }) => ({
        data: { ...context.data, [params.as]: "data" in event ? event.data : undefined },
      })),
    },
    guards: {
      expression: ({ context }, params: { expr: string }) => condition(params.expr)(context.data) === true,
    },
  }).createMachine({
    ...(compiled.machine as object),
    context: ({ input }: { input: ServiceInput }) => ({ data: { ...(input?.data ?? {}) } }),
  } as never);
}

export type ServiceMachine = ReturnType<typeof createServiceMachine>;
