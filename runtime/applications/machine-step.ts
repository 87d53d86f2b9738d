/**
 * Pure XState steps over persisted snapshots: restore, check that an event is allowed, transition.
 * The machines' actions are only `assign`s and their guards pure conditions, so a step needs no live
 * actor: XState's `transition()` builds a throw-away actor (which computes the machine's initial state)
 * on every call, a third of a step's CPU; here one inert scope per machine is made once and reused,
 * as `transition()` would use it (XState's `createInertActorScope`, which the package does not export).
 */
import { createActor, type AnyActorScope, type AnyMachineSnapshot } from "xstate";
import type { ServiceEvent } from "../../engine";
import { flatStep } from "../../engine/compile/machine";
import { RuntimeError } from "../errors";
import type { ServiceMachine } from "../services/versions";

/** A snapshot as stored: without its context, which lives in the application's `data` column. */
export type StoredSnapshot = Record<string, unknown>;

const scopes = new WeakMap<ServiceMachine, AnyActorScope>();

/** The machine's inert actor scope: actions are not executed (there are none besides `assign`), nothing is spawned. */
function inertScope(machine: ServiceMachine): AnyActorScope {
  let scope = scopes.get(machine);
  if (!scope) {
    const self = createActor(machine, { input: {} });
    const noop = () => {};
    scope = { self, defer: noop, id: "", logger: noop, sessionId: "", stopChild: noop, system: self.system, emit: noop, actionExecutor: noop } as unknown as AnyActorScope;
    scopes.set(machine, scope);
  }
  return scope;
}

export function initialSnapshot(machine: ServiceMachine, data: Record<string, unknown>): AnyMachineSnapshot {
  return checked(machine.getInitialSnapshot(inertScope(machine) as never, { data }) as unknown as AnyMachineSnapshot);
}

const resolved = new WeakMap<ServiceMachine, Map<string, AnyMachineSnapshot>>();

export function restoreSnapshot(machine: ServiceMachine, stored: StoredSnapshot, data: Record<string, unknown>): AnyMachineSnapshot {
  // The machines are flat with no children or history, so value + context restore the snapshot exactly.
  const value = stored.value;
  if (typeof value !== "string") return machine.resolveState({ value: value as string, context: { data } }) as unknown as AnyMachineSnapshot;
  // Resolving a state walks the machine's states (a cost that grows with the service); it is done once per
  // state, and each restore is that snapshot with the application's context. XState never mutates a
  // snapshot's parts (state nodes, tags, history, children): a transition builds new ones.
  let states = resolved.get(machine);
  if (!states) resolved.set(machine, (states = new Map()));
  let state = states.get(value);
  if (!state) states.set(value, (state = machine.resolveState({ value, context: { data: {} } }) as unknown as AnyMachineSnapshot));
  return { ...state, context: { data } } as AnyMachineSnapshot;
}

/** A snapshot positioned at a given step with given data (used by version migrations). */
export function snapshotAt(machine: ServiceMachine, step: string, data: Record<string, unknown>): AnyMachineSnapshot {
  return machine.resolveState({ value: step, context: { data } }) as unknown as AnyMachineSnapshot;
}

export function storeSnapshot(machine: ServiceMachine, snapshot: AnyMachineSnapshot): { stored: StoredSnapshot; data: Record<string, unknown> } {
  const data = (snapshot.context as { data: Record<string, unknown> }).data;
  const { status, output, error, value, historyValue, children } = snapshot;
  // What getPersistedSnapshot gives, in its key order, without its walk of the whole context for actor
  // references (none here, and the context is stored as `data`): most of its cost for a large application.
  if (isEmpty(children) && isEmpty(historyValue)) return { stored: { status, output, error, value, historyValue: {}, children: {} }, data };
  const { context: _context, ...stored } = machine.getPersistedSnapshot(snapshot as never) as unknown as { context: unknown };
  return { stored, data };
}

const isEmpty = (value: object | undefined) => {
  for (const _ in value) return false;
  return true;
};

/** The events the current step accepts, e.g. ["submit"] or ["outcome.found", "outcome.error"]. */
export function allowedEvents(snapshot: AnyMachineSnapshot): string[] {
  return [...new Set(snapshot._nodes.flatMap((node) => [...node.ownEvents]))].filter((e) => !e.startsWith("xstate."));
}

export function stepMachine(machine: ServiceMachine, snapshot: AnyMachineSnapshot, event: ServiceEvent): AnyMachineSnapshot {
  if (snapshot.status !== "active") throw new RuntimeError("event_not_allowed", "The application has ended: it accepts no more events");
  // A compiled service's machine is flat: its step computed from the config is XState's, without building
  // XState's intermediate snapshots (most of a step's CPU and allocation after the database's own work).
  if (typeof snapshot.value === "string") {
    let step: ReturnType<typeof flatStep>;
    try {
      step = flatStep(machine, snapshot.value, (snapshot.context as { data: Record<string, unknown> }).data, event);
    } catch (error) {
      throw new RuntimeError("internal", `A condition of the service failed to evaluate: ${(error as Error).message}`);
    }
    // Not taken here: XState gives the refusal (with the events the step accepts) or takes a non-flat machine.
    if (step) return restoreSnapshot(machine, { value: step.value }, step.data);
  }
  if (!snapshot.can(event as never)) {
    const allowed = allowedEvents(snapshot);
    throw new RuntimeError(
      "event_not_allowed",
      `Step "${String(snapshot.value)}" does not accept "${event.type}"; it accepts ${allowed.map((e) => `"${e}"`).join(", ") || "no events"}`,
      { step: String(snapshot.value), event: event.type, allowed },
    );
  }
  let next: unknown;
  try {
    next = machine.transition(snapshot as never, event as never, inertScope(machine) as never);
  } catch (error) {
    // A guard that throws (xstate rethrows it): the service's condition, not the caller, is at fault.
    throw new RuntimeError("internal", `A condition of the service failed to evaluate: ${(error as Error).message}`);
  }
  return checked(next as unknown as AnyMachineSnapshot);
}

function checked(snapshot: AnyMachineSnapshot): AnyMachineSnapshot {
  if (snapshot.status === "error") {
    const message = (snapshot.error as Error | undefined)?.message ?? String(snapshot.error);
    throw new RuntimeError("internal", `A condition of the service failed to evaluate: ${message}`);
  }
  return snapshot;
}
