import { assign, setup } from "xstate";
import { evaluateCondition } from "../expressions/cel";
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
  return setup({
    types: {} as { context: ServiceContext; events: ServiceEvent; input: ServiceInput },
    actions: {
      store: assign(({ context, event }, params: { as: string }) => ({
        data: { ...context.data, [params.as]: "data" in event ? event.data : undefined },
      })),
    },
    guards: {
      expression: ({ context }, params: { expr: string }) => evaluateCondition(params.expr, context.data),
    },
  }).createMachine({
    ...(compiled.machine as object),
    context: ({ input }: { input: ServiceInput }) => ({ data: { ...(input?.data ?? {}) } }),
  } as never);
}

export type ServiceMachine = ReturnType<typeof createServiceMachine>;
