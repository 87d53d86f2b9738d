/**
 * A step's ways out as the canvas draws them: one handle per outcome, connected or not. Open handles
 * (an operation's outcome with no edge yet) are where the analyst drags from to add a transition.
 */
import { TECHNICAL_OUTCOMES, type Catalog } from "../../../../engine";
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

const REVIEW_OUTCOMES = ["approve", "reject", "sendBack", "timeout"];
const PAYMENT_OUTCOMES = ["paid", "failed", "timeout"];

export function outletsOf(id: string, step: unknown, catalog?: Catalog): Outlet[] {
  if (!isPlainObject(step)) return [];
  const base: Path = ["steps", id];
  const kind = step.kind;
  const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  switch (kind) {
    case "form":
    case "document":
    case "notification":
      return [{ id: "next", label: "next", path: [...base, "next"], target: str(step.next) }];
    case "decision": {
      const branches = Array.isArray(step.branches) ? step.branches : [];
      return [
        ...branches.map((b, i) => ({
          id: `branch:${i}`,
          label: isPlainObject(b) && typeof b.when === "string" ? b.when : `condition ${i + 1}`,
          path: [...base, "branches", i, "next"],
          target: isPlainObject(b) ? str(b.next) : undefined,
        })),
        { id: "branch:new", label: "+ condition", path: [...base, "branches"], adds: "branch" as const },
        { id: "otherwise", label: "otherwise", path: [...base, "otherwise"], target: str(step.otherwise) },
      ];
    }
    case "registry":
    case "task":
    case "review":
    case "payment":
    case "wait": {
      const on = isPlainObject(step.on) ? step.on : {};
      const names = [...Object.keys(on), ...expectedOutcomes(step, catalog).filter((o) => !(o in on))];
      return names.map((name) => ({ id: `on:${name}`, label: name, path: [...base, "on", name], target: str(on[name]) }));
    }
    default:
      return [];
  }
}

/** The outcomes a step can report, from the catalog where it knows them. */
export function expectedOutcomes(step: Record<string, unknown>, catalog?: Catalog): string[] {
  switch (step.kind) {
    case "registry": {
      const op = catalog?.registries[String(step.registry)]?.operations[String(step.operation)];
      return [...(op?.outcomes ?? []), ...TECHNICAL_OUTCOMES];
    }
    case "task": {
      const handler = catalog?.handlers.find((h) => h.type === step.handler && h.version === step.version) ?? catalog?.handlers.find((h) => h.type === step.handler);
      return [...(handler?.outcomes ?? []), ...TECHNICAL_OUTCOMES];
    }
    case "review":
      return step.deadline ? REVIEW_OUTCOMES : REVIEW_OUTCOMES.filter((o) => o !== "timeout");
    case "payment":
      return step.deadline ? PAYMENT_OUTCOMES : PAYMENT_OUTCOMES.filter((o) => o !== "timeout");
    case "wait": {
      const poll = isPlainObject(step.poll) ? step.poll : undefined;
      const op = poll ? catalog?.registries[String(poll.registry)]?.operations[String(poll.operation)] : undefined;
      const pending = poll ? String(poll.pending ?? "pending") : undefined;
      const fromPoll = poll ? [...(op?.outcomes ?? []).filter((o) => o !== pending), ...TECHNICAL_OUTCOMES] : [];
      return [...fromPoll, ...(step.deadline ? ["timeout"] : [])].filter((o, i, all) => all.indexOf(o) === i);
    }
    default:
      return [];
  }
}
