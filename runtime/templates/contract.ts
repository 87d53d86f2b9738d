/**
 * Document templates as published, immutable versions: the contract between the runtime's template store
 * (runtime/templates/templates.ts, `runtime.templates`) and the studio's template designer. A template's
 * definition is the same object as a file in service-definitions/templates/<id>.yaml (template.schema.json);
 * the built-in files are published as versions when the runtime starts, the studio publishes further ones.
 * A service version pins the template versions it uses when it is published; a document is issued with the
 * pinned version, and records it.
 */
import type { TemplateDefinition } from "../documents/templates";

export type { TemplateDefinition };

export interface TemplateSummary {
  id: string;
  title: { uk: string; en: string };
  /** The newest published version; null while only a draft exists. */
  latestVersion: number | null;
  /** Whether an unpublished draft exists, and its revision (optimistic concurrency). */
  draftRevision: number | null;
  updatedAt: string;
  updatedBy: string;
}

export interface TemplateVersion {
  id: string;
  version: number;
  definition: TemplateDefinition;
  /** sha256 of the canonical definition. */
  hash: string;
  publishedAt: string;
  publishedBy: string;
}

export interface TemplateDraft {
  id: string;
  definition: TemplateDefinition;
  /** Incremented by every save; a save names the revision it was based on (stale → RuntimeError "stale_version"). */
  revision: number;
  /** The published version the draft started from. */
  basedOn: number | null;
  updatedAt: string;
  updatedBy: string;
  /** Problems with the definition (schema and semantics), written for analysts; empty when it can be published. */
  problems: string[];
}

/** One line of a version diff (a line-based diff of the definitions as YAML). */
export interface TemplateDiffLine {
  change: "same" | "added" | "removed";
  text: string;
}

export interface TemplateStore {
  list(): Promise<TemplateSummary[]>;
  /** A published version; the newest without `version`. RuntimeError "not_found" when there is none. */
  version(id: string, version?: number): Promise<TemplateVersion>;
  versions(id: string): Promise<Omit<TemplateVersion, "definition">[]>;
  /** The draft; a new draft from the newest version when none exists yet (or from a blank template for a new id). */
  draft(id: string, by: string): Promise<TemplateDraft>;
  saveDraft(id: string, input: { definition: unknown; expectedRevision: number; by: string }): Promise<TemplateDraft>;
  /** Publishes the draft as the next version; RuntimeError "invalid_definition" with the problems when it has any. */
  publish(id: string, by: string): Promise<TemplateVersion>;
  diff(id: string, from: number, to: number | "draft"): Promise<TemplateDiffLine[]>;
  /** The real PDF of a definition (published or not) with sample data from its schema (or the data given). */
  preview(definition: unknown, data?: Record<string, unknown>): Promise<Uint8Array>;
}
