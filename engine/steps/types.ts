/**
 * What the engine knows about one step kind (DESIGN.md §2, "A step kind lives in two files"): its schema,
 * its ways out, the name it saves, its expressions, its catalog references, its palette entry and how the
 * simulator plays it. Serialisable knowledge and pure functions only: this runs in the browser too. The
 * behaviour (jobs, tasks, views) is runtime/steps/<kind>.ts.
 */
import type { TSchema } from "@sinclair/typebox";
import type { Step, StepKind, Text } from "../definition/schema";
import type { Catalog } from "../validation/catalog";

export type Path = (string | number)[];
export type StepOf<K extends StepKind> = Extract<Step, { kind: K }>;
/** A step as the studio may hold it while it is written: any field may be missing or of another type. */
export type DraftOf<K extends StepKind> = { readonly [P in keyof StepOf<K>]?: unknown };

/** One way out of a step. */
export interface Outlet {
  /** The outcome as coverage and waivers name it: "next", "otherwise", "branch 0", or an `on` key ("found"). */
  outcome: string;
  /** What people read on the edge: "next", "when age >= 18", "found". */
  label: string;
  /** The step it leads to; absent while unconnected (a half-written step, or an outcome the catalog expects). */
  to?: string;
  /** Where the target is written (or would be, once connected). */
  path: Path;
  /** The machine event that takes it ("submit", "outcome.found"); absent: taken by itself (a decision). */
  event?: string;
  /** The condition of an automatic outlet (a decision's branch); absent on `otherwise`. */
  when?: string;
  /** Studio only: connecting this outlet adds a branch (a decision's "+ condition"). */
  adds?: "branch";
}

export interface OutletOptions {
  /** Also the outlets not connected yet: outcomes the catalog expects and handles that add a branch. */
  open?: boolean;
  catalog?: Catalog;
}

/** The type an expression must have where it is written. */
export type ExpectedType = "bool" | "number" | "string" | "any";

export interface ExpressionSite {
  /** Where the expression is written (from the definition's root). */
  path: Path;
  expr: string;
  expected: ExpectedType;
  /** For an entry of a mapping (input, data, prefill): the name it gives the value. */
  key?: string;
}

/** Something a step refers to outside the service, which the catalog must know. */
export type CatalogRef =
  | {
      type: "operation";
      registry: string;
      operation: string;
      /** Where `registry` and `operation` are written (the prefix of their paths). */
      path: Path;
      /** The outcomes the step handles for the operation, and where they are written. */
      outcomes: string[];
      outcomesPath: Path;
      /** Outcomes the step understands without an edge (a poll's "pending"). */
      extraOutcomes: string[];
    }
  | { type: "handler"; handler: string; version: number; params: unknown; path: Path; outcomes: string[] }
  | { type: "template"; template: string; path: Path }
  | { type: "role"; role: string; path: Path }
  /** A slot provider's service, and the office when the step fixes one (`path` is the step's). */
  | { type: "slots"; provider: string; service: string; office?: string; path: Path };

/** Deterministic values of a simulation (ids, numbers, the clock), derived from a seed. */
export interface SimulationValues {
  id(): string;
  now(): string;
  /** A later time: now plus an ISO 8601 duration, or null without one. */
  after(duration: string | undefined): string | null;
  /** A number such as a document's, unique within the simulation. */
  number(prefix: string): string;
}

export interface SimulateContext {
  id: string;
  data: Readonly<Record<string, unknown>>;
  language: string;
  /** What the outside gives this step now: a form's answers or a reply `{ outcome, data }`; undefined when nothing. */
  input: unknown;
  values: SimulationValues;
}

/** What a step does in a simulation. */
export type Simulated =
  /** It leaves by this outcome; `data` is what the runtime saves under the step's name. */
  | { outcome: string; data?: unknown; saves?: { document?: string } }
  /** It waits for input (answers or a reply) that it was not given. */
  | { needs: "answers" | "reply" }
  /** It was given input and stays (a poll that says "not yet"). */
  | { stays: true }
  | { failure: string };

export interface PaletteEntry {
  label: { uk: string; en: string };
  /** Drawn on the node: text, so it needs no icon font. */
  symbol: string;
  color: string;
  help: { uk: string; en: string };
  /** The node's brackets in a Mermaid flowchart (civic graph): "[/" "/]" a form, "{" "}" a decision. */
  shape: readonly [string, string];
}

export interface EngineStepModule<K extends StepKind = StepKind> {
  kind: K;
  /** The TypeBox schema of the kind (engine/definition/schema.ts assembles the union from these). */
  schema: TSchema;
  palette: PaletteEntry;
  /** What the step needs from outside to move on in a simulation or test run. */
  input: "answers" | "reply" | "none";
  /** Outcomes the runtime reports by itself, besides the step's `on` keys (document → issued). */
  builtinOutcomes: readonly string[];
  /** The ways out, in order. Tolerant of half-written steps (missing `on`/`next`). */
  outlets(id: string, step: DraftOf<K>, options?: OutletOptions): Outlet[];
  /** The name under which the step saves its result in the application's data, if it saves any. */
  provides(id: string, step: StepOf<K>): string | undefined;
  /** Where the step's own `saveAs` is written, relative to the step. */
  saveAsPath?: readonly string[];
  /** Every expression in the step, with the type it must have. */
  expressionSites(id: string, step: StepOf<K>): ExpressionSite[];
  /** What the step refers to in the catalog. */
  catalogRefs(id: string, step: StepOf<K>): CatalogRef[];
  /** Durations written in the step, with their paths (each must parse). */
  durations(id: string, step: StepOf<K>): [string | undefined, Path][];
  /** The step calls something that can fail: it must handle `error`. */
  fallible(step: StepOf<K>): boolean;
  /** A deadline whose passing is the `timeout` outcome (kinds without one: absent). */
  deadline?(step: StepOf<K>): string | undefined;
  /** Texts people read besides title, description, purpose, instructions and message. */
  moreTexts?(id: string, step: StepOf<K>): { path: Path; text: Text }[];
  /** What the application's data holds under the step's name (JSON Schema), for type generation. */
  result?(step: StepOf<K>, context: { catalog?: Catalog; language: string; main: string }): { suffix: string; schema: Record<string, unknown> };
  /** What the ending means, for final steps (the machine marks the state final). */
  ending?(step: StepOf<K>): string;
  /** A new step's starting content in the studio (ways out are connected on the canvas). */
  newStep(catalog?: Catalog): Record<string, unknown>;
  /** What the step does in a simulation, given the data and what the outside answers. */
  simulate(step: StepOf<K>, ctx: SimulateContext): Simulated;
}
