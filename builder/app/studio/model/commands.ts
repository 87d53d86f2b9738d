/**
 * What an analyst does on the canvas, as edits of the YAML text: add, connect, disconnect, move,
 * rename, delete, copy and paste steps. Each returns EditOps for applyEdits, never a re-printed file.
 */
import type { Catalog, StepKind } from "../../../../engine";
import { newStep, newStepId } from "./step-kinds";
import { outletsOf } from "./outcomes";
import { isPlainObject, type EditOp } from "./yaml-edit";

type Value = Record<string, unknown>;
const stepsOf = (value: unknown): Record<string, unknown> => (isPlainObject(value) && isPlainObject(value.steps) ? value.steps : {});

export function addStep(value: unknown, kind: StepKind, position: { x: number; y: number }, catalog?: Catalog): { id: string; ops: EditOp[] } {
  const steps = stepsOf(value);
  const id = newStepId(kind, Object.keys(steps));
  const ops: EditOp[] = [{ op: "set", path: ["steps", id], value: { ...newStep(kind, catalog), position: round(position) } }];
  const start = isPlainObject(value) ? value.start : undefined;
  if (typeof start !== "string" || !(start in steps)) ops.push({ op: "set", path: ["start"], value: id });
  return { id, ops };
}

export function connect(value: unknown, source: string, handle: string, target: string, catalog?: Catalog): EditOp[] {
  const outlet = outletsOf(source, stepsOf(value)[source], catalog).find((o) => o.id === handle);
  if (!outlet) return [];
  if (outlet.adds === "branch") return [{ op: "push", path: outlet.path, value: { when: "true", next: target } }];
  return [{ op: "set", path: outlet.path, value: target }];
}

/** Removes a transition: the outcome's key, or a decision's condition. */
export function disconnect(value: unknown, source: string, handle: string, catalog?: Catalog): EditOp[] {
  const outlet = outletsOf(source, stepsOf(value)[source], catalog).find((o) => o.id === handle);
  if (!outlet) return [];
  if (handle.startsWith("branch:")) return [{ op: "delete", path: outlet.path.slice(0, -1) }];
  return [{ op: "delete", path: outlet.path }];
}

export function moveSteps(positions: Record<string, { x: number; y: number }>): EditOp[] {
  return Object.entries(positions).map(([id, p]) => ({ op: "set", path: ["steps", id, "position"], value: round(p) }));
}

const round = (p: { x: number; y: number }) => ({ x: Math.round(p.x), y: Math.round(p.y) });

/** Deletes steps. Transitions into them stay, pointing nowhere, so the validator shows what to reconnect. */
export function deleteSteps(ids: string[]): EditOp[] {
  // Deleting the later ones first keeps the offsets of the earlier ones valid when applied one by one.
  return ids.map((id) => ({ op: "delete", path: ["steps", id] }));
}

export function setStart(id: string): EditOp[] {
  return [{ op: "set", path: ["start"], value: id }];
}

/** Renames a step and every reference to it (start, next, otherwise, branches, on). */
export function renameStep(value: unknown, from: string, to: string, catalog?: Catalog): EditOp[] {
  const steps = stepsOf(value);
  if (!(from in steps) || to in steps || !/^[a-zA-Z][a-zA-Z0-9_]*$/.test(to)) return [];
  const ops: EditOp[] = [];
  for (const [id, step] of Object.entries(steps)) {
    for (const outlet of outletsOf(id, step, catalog)) if (outlet.target === from) ops.push({ op: "set", path: outlet.path, value: to });
  }
  if (isPlainObject(value) && value.start === from) ops.push({ op: "set", path: ["start"], value: to });
  ops.push({ op: "rename", path: ["steps", from], to });
  return ops;
}

export interface Clipboard {
  civicFlowSteps: 1;
  steps: Record<string, Value>;
}

export function copySteps(value: unknown, ids: string[]): Clipboard {
  const steps = stepsOf(value);
  return { civicFlowSteps: 1, steps: Object.fromEntries(ids.filter((id) => isPlainObject(steps[id])).map((id) => [id, structuredClone(steps[id] as Value)])) };
}

export function isClipboard(value: unknown): value is Clipboard {
  return isPlainObject(value) && value.civicFlowSteps === 1 && isPlainObject(value.steps);
}

/** Pastes copied steps under new ids; transitions between the pasted steps follow them, others stay. */
export function pasteSteps(value: unknown, clip: Clipboard, offset = { x: 40, y: 40 }, catalog?: Catalog): { ids: string[]; ops: EditOp[] } {
  const existing = new Set(Object.keys(stepsOf(value)));
  const rename = new Map<string, string>();
  for (const id of Object.keys(clip.steps)) {
    const base = id.replace(/\d+$/, "") || "step";
    const fresh = newStepId("step", existing, base);
    existing.add(fresh);
    rename.set(id, fresh);
  }
  const ops: EditOp[] = [];
  for (const [id, original] of Object.entries(clip.steps)) {
    const step = structuredClone(original);
    for (const outlet of outletsOf(id, step, catalog)) {
      if (outlet.target && rename.has(outlet.target)) setAt(step, outlet.path.slice(2), rename.get(outlet.target)!);
    }
    if (isPlainObject(step.position)) step.position = { x: Number(step.position.x) + offset.x, y: Number(step.position.y) + offset.y };
    ops.push({ op: "set", path: ["steps", rename.get(id)!], value: step });
  }
  return { ids: [...rename.values()], ops };
}

function setAt(target: Value, path: (string | number)[], value: unknown) {
  let node: unknown = target;
  for (const segment of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[segment];
  (node as Record<string | number, unknown>)[path[path.length - 1]] = value;
}
