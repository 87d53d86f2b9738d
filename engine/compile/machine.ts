import { assign, setup } from "xstate";
import { compileExpression, isExpressionError } from "../expressions/cel";
import { EngineError } from "../issues";
import type { CompiledService, MachineConfig, ServiceEvent, TransitionConfig } from "./compile";

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
  const store = (data: Record<string, unknown>, event: ServiceEvent, as: string) => ({ ...data, [as]: "data" in event ? event.data : undefined });
  const machine = setup({
    types: {} as { context: ServiceContext; events: ServiceEvent; input: ServiceInput },
    actions: {
      store: assign(({ context, event }, params: { as: string }) => ({ data: store(context.data, event, params.as) })),
    },
    guards: {
      expression: ({ context }, params: { expr: string }) => condition(params.expr)(context.data) === true,
    },
  }).createMachine({
    ...(compiled.machine as object),
    context: ({ input }: { input: ServiceInput }) => ({ data: { ...(input?.data ?? {}) } }),
  } as never);
  const config = compiled.machine;
  if (isFlat(config)) {
    flatSteps.set(machine, (value, data, event) => {
      const on = Object.hasOwn(config.states, value) ? config.states[value].on : undefined;
      const taken = on && Object.hasOwn(on, event.type) ? on[event.type] : undefined;
      if (!taken) return undefined;
      for (const action of taken.actions ?? []) data = store(data, event, action.params.as);
      value = taken.target;
      // Eventless transitions, as XState's macrostep takes them: the first enabled one, until none is (a valid
      // definition has no automatic cycle; the bound turns one into an error instead of a hang).
      for (let hops = 0; config.states[value].always; hops++) {
        if (hops > Object.keys(config.states).length) throw new EngineError("machine.cycle", `The automatic steps loop without end at "${value}"`);
        const next = config.states[value].always!.find((t) => !t.guard || condition(t.guard.params.expr)(data) === true);
        if (!next) break;
        value = next.target;
      }
      return { value, data, done: config.states[value].type === "final" };
    });
  }
  return machine;
}

/** A step computed without XState (see `flatStep`). */
export interface FlatStep {
  value: string;
  data: Record<string, unknown>;
  /** The new state is final. */
  done: boolean;
}

const flatSteps = new WeakMap<object, (value: string, data: Record<string, unknown>, event: ServiceEvent) => FlatStep | undefined>();

/**
 * The machine's transition on `event` from state `value`, computed directly from its compiled config: the
 * same result as XState's `transition()` (state, context, final or not), at a fraction of its CPU and
 * allocation, since a compiled service is flat (no nesting, history, entry/exit actions, delays or actors):
 * an event's one unguarded transition with its `store` action, then guarded `always` transitions in order.
 * Undefined when the state does not take the event, or when the machine is not of that flat form (a
 * machine config stored by another compiler): the caller asks XState then. A throwing condition throws.
 */
export function flatStep(machine: ServiceMachine, value: string, data: Record<string, unknown>, event: ServiceEvent): FlatStep | undefined {
  return flatSteps.get(machine)?.(value, data, event);
}

/** Only what compileStep makes: anything else is left to XState. */
function isFlat(config: MachineConfig): boolean {
  const only = (object: object, keys: string[]) => Object.keys(object).every((key) => keys.includes(key));
  if (!config || typeof config.states !== "object" || !only(config, ["id", "initial", "states"])) return false;
  const transition = (t: TransitionConfig) =>
    only(t, ["target", "guard", "actions"]) &&
    typeof t.target === "string" &&
    t.target in config.states &&
    (t.guard === undefined || (t.guard.type === "expression" && typeof t.guard.params?.expr === "string")) &&
    (t.actions === undefined || (Array.isArray(t.actions) && t.actions.every((a) => a.type === "store" && typeof a.params?.as === "string")));
  return Object.values(config.states).every(
    (state) =>
      only(state, ["meta", "type", "on", "always"]) &&
      (state.type === undefined || state.type === "final") &&
      (state.type !== "final" || (!state.on && !state.always)) &&
      Object.entries(state.on ?? {}).every(([type, t]) => !type.includes("*") && !t.guard && transition(t)) &&
      (state.always ?? []).every((t) => !t.actions && transition(t)),
  );
}

export type ServiceMachine = ReturnType<typeof createServiceMachine>;
