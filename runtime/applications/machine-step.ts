/**
 * Pure XState steps over persisted snapshots: restore, check that an event is allowed, transition.
 * The machines' actions are only `assign`s, so `transition()` needs no live actor.
 */
import { initialTransition, transition, type AnyMachineSnapshot } from "xstate";
import type { ServiceEvent } from "../../engine";
import { RuntimeError } from "../errors";
import type { ServiceMachine } from "../services/versions";

/** A snapshot as stored: without its context, which lives in the application's `data` column. */
export type StoredSnapshot = Record<string, unknown>;

export function initialSnapshot(machine: ServiceMachine, data: Record<string, unknown>): AnyMachineSnapshot {
  const [snapshot] = initialTransition(machine, { data });
  return checked(snapshot as unknown as AnyMachineSnapshot);
}

export function restoreSnapshot(machine: ServiceMachine, stored: StoredSnapshot, data: Record<string, unknown>): AnyMachineSnapshot {
  // The machines are flat with no children or history, so value + context restore the snapshot exactly.
  return machine.resolveState({ value: stored.value as string, context: { data } }) as unknown as AnyMachineSnapshot;
}

/** A snapshot positioned at a given step with given data (used by version migrations). */
export function snapshotAt(machine: ServiceMachine, step: string, data: Record<string, unknown>): AnyMachineSnapshot {
  return machine.resolveState({ value: step, context: { data } }) as unknown as AnyMachineSnapshot;
}

export function storeSnapshot(machine: ServiceMachine, snapshot: AnyMachineSnapshot): { stored: StoredSnapshot; data: Record<string, unknown> } {
  const { context, ...stored } = machine.getPersistedSnapshot(snapshot as never) as unknown as { context: { data: Record<string, unknown> } };
  return { stored, data: context.data };
}

/** The events the current step accepts, e.g. ["submit"] or ["outcome.found", "outcome.error"]. */
export function allowedEvents(snapshot: AnyMachineSnapshot): string[] {
  return [...new Set(snapshot._nodes.flatMap((node) => [...node.ownEvents]))].filter((e) => !e.startsWith("xstate."));
}

export function stepMachine(machine: ServiceMachine, snapshot: AnyMachineSnapshot, event: ServiceEvent): AnyMachineSnapshot {
  if (snapshot.status !== "active") throw new RuntimeError("event_not_allowed", "The application has ended: it accepts no more events");
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
    [next] = transition(machine, snapshot as never, event as never);
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
