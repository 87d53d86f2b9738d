/**
 * A step's ways out as the canvas draws them: one handle per outcome, connected or not. Open handles
 * (an operation's outcome with no edge yet) are where the analyst drags from to add a transition.
 */
import { stepOutlets, type Catalog, type Outlet as EngineOutlet } from "../../../../engine";
import { isPlainObject, type Path } from "./yaml-edit";

export interface Outlet {
  /** The React Flow handle id: "next", "otherwise", "branch:0", "branch:new", "on:found". */
  id: string;
  label: string;
  /** Where a connection from this handle is written. */
  path: Path;
  /** The connected step, if any. */
  target?: string;
  /** A decision's "+ condition" handle: connecting adds a branch. */
  adds?: "branch";
}

/**
 * The canvas's outlets of a step, from its kind's engine module (engine/steps/<kind>.ts): the connected
 * ones, the outcomes the catalog expects that are not connected yet, and a decision's "+ condition".
 */
export function outletsOf(id: string, step: unknown, catalog?: Catalog): Outlet[] {
  if (!isPlainObject(step)) return [];
  return stepOutlets(id, step, { open: true, catalog }).map((outlet) => ({
    id: handleId(outlet),
    label: outlet.when !== undefined && outlet.label.startsWith("when ") ? outlet.label.slice("when ".length) : outlet.label,
    path: outlet.path,
    target: outlet.to,
    ...(outlet.adds && { adds: outlet.adds }),
  }));
}

/** The React Flow handle of an outlet: "next", "otherwise", "branch:0", "branch:new", "on:found". */
function handleId(outlet: EngineOutlet): string {
  if (outlet.adds) return `${outlet.adds}:new`;
  const parent = outlet.path[outlet.path.length - 2];
  if (parent === "on") return `on:${outlet.outcome}`;
  if (typeof parent === "number") return `branch:${parent}`;
  return outlet.outcome;
}
