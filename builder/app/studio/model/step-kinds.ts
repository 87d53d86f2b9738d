/** What the studio shows for each step kind: names, colours, symbols, and a new step's starting content. */
import { engineSteps, stepKinds, type Catalog, type StepKind } from "../../../../engine";

export interface KindInfo {
  kind: StepKind;
  label: string;
  labelUk: string;
  /** A short symbol drawn on the node (text, so it needs no icon font). */
  symbol: string;
  color: string;
  help: string;
}

/** The palette, from each kind's engine module (engine/steps/<kind>.ts), in the modules' order. */
export const KINDS: KindInfo[] = stepKinds.map((kind) => {
  const { label, symbol, color, help } = engineSteps[kind].palette;
  return { kind, label: label.en, labelUk: label.uk, symbol, color, help: help.en };
});

export const KIND_INFO: Record<string, KindInfo> = Object.fromEntries(KINDS.map((k) => [k.kind, k]));

export function kindInfo(kind: unknown): KindInfo {
  return (Object.hasOwn(KIND_INFO, String(kind)) ? KIND_INFO[String(kind)] : undefined) ?? { kind: "form", label: String(kind ?? "?"), labelUk: String(kind ?? "?"), symbol: "?", color: "#999", help: "" };
}

/** A unique step id for a new step of a kind: form1, form2… */
export function newStepId(kind: string, existing: Iterable<string>, base = kind): string {
  const taken = new Set(existing);
  const stem = base.replace(/[^a-zA-Z0-9_]/g, "") || "step";
  for (let i = 1; ; i++) {
    const id = `${stem}${i}`;
    if (!taken.has(id)) return id;
  }
}

/**
 * A new step's starting content, from its kind's module. Ways out (next, on, otherwise) are left for the
 * analyst to connect on the canvas; until then the validator says what is missing on the node.
 */
export function newStep(kind: StepKind, catalog: Catalog | undefined): Record<string, unknown> {
  return engineSteps[kind].newStep(catalog);
}
