/**
 * The same edits as yaml-edit.ts, applied to the parsed value instead of the text: what the canvas
 * draws right after an edit, before the text is parsed and validated again (in the validation worker).
 * Untouched parts keep their identity, so only the touched step's node is drawn again.
 */
import { isPlainObject, type EditOp, type Path } from "./yaml-edit";

type Container = Record<string, unknown> | unknown[];

const copy = (node: unknown): Container => (Array.isArray(node) ? [...node] : isPlainObject(node) ? { ...node } : {});

/** A copy of `value` with the ops applied; undefined when an op does not fit the value's shape. */
export function applyToValue(value: unknown, ops: readonly EditOp[]): unknown {
  let current = value;
  for (const op of ops) {
    const next = applyOne(current, op);
    if (next === undefined) return undefined;
    current = next;
  }
  return current;
}

function applyOne(root: unknown, op: EditOp): unknown {
  if (!isPlainObject(root) || op.path.length === 0) return undefined;
  return update(root, op.path, (parent, key) => {
    switch (op.op) {
      case "set":
        return setIn(parent, key, op.value);
      case "delete":
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key as string];
        return true;
      case "rename": {
        if (Array.isArray(parent) || !(String(key) in parent)) return false;
        const entries = Object.entries(parent).map(([k, v]) => [k === String(key) ? op.to : k, v] as const);
        for (const k of Object.keys(parent)) delete parent[k];
        for (const [k, v] of entries) parent[k] = v;
        return true;
      }
      case "reorder": {
        const target = parent[key as never];
        if (!isPlainObject(target)) return false;
        const keys = [...op.keys.filter((k) => k in target), ...Object.keys(target).filter((k) => !op.keys.includes(k))];
        return setIn(parent, key, Object.fromEntries(keys.map((k) => [k, target[k]])));
      }
      case "push": {
        const list = parent[key as never];
        return setIn(parent, key, Array.isArray(list) ? [...list, op.value] : [op.value]);
      }
    }
  });
}

function setIn(parent: Container, key: string | number, value: unknown): boolean {
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!Number.isInteger(i) || i < 0 || i > parent.length) return false;
    parent[i] = structuredClone(value);
  } else parent[String(key)] = structuredClone(value);
  return true;
}

/** Copies the containers along the path (creating missing maps), then lets `change` edit the last one. */
function update(root: Record<string, unknown>, path: Path, change: (parent: Container, key: string | number) => boolean): unknown {
  const top = copy(root);
  let parent: Container = top;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    const child = (parent as Record<string | number, unknown>)[key];
    const next = isPlainObject(child) || Array.isArray(child) ? copy(child) : typeof path[i + 1] === "number" ? [] : {};
    (parent as Record<string | number, unknown>)[key] = next;
    parent = next;
  }
  return change(parent, path[path.length - 1]) ? top : undefined;
}
