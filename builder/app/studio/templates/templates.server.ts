/**
 * The studio's side of document templates: the runtime's template store (runtime/templates/contract.ts,
 * `runtime.templates`), dates as strings for the browser, and template ids checked before they reach it.
 */
import type { AppLoadContext } from "@remix-run/node";
import type { CodedMessage } from "../../../../engine";
import { templateProblems } from "../../../../runtime/documents/templates";
import type { TemplateDraft, TemplateStore } from "../../../../runtime/templates/contract";
import { StudioError } from "../server/errors.server";

/** As the store checks it: 2–64 lower-case Latin letters, digits or hyphens, starting with a letter. */
export const TEMPLATE_ID = /^[a-z][a-z0-9-]{1,63}$/;

/** The runtime's template store. */
export function templateStore(context: AppLoadContext): TemplateStore {
  return context.runtime.templates;
}

export function checkTemplateId(id: string | undefined): string {
  if (!id || !TEMPLATE_ID.test(id)) throw new StudioError("invalid_data", "A template id has small Latin letters, digits and dashes, and starts with a letter (parking-permit)");
  return id;
}

const iso = (value: unknown): string => (value instanceof Date ? value.toISOString() : String(value ?? ""));

/** A draft as JSON: its dates as ISO strings whatever the store gave, its problems by code. */
export function draftJson(draft: TemplateDraft) {
  return { ...draft, updatedAt: iso(draft.updatedAt), problems: codedProblems(draft.id, draft.definition, draft.problems ?? []) };
}

/**
 * The store's problems (its English texts are authoritative) with their codes and params, for the designer to
 * show them in the analyst's language: checkTemplate's by code (templateProblems), and the store's own check
 * that the definition names the template. A text with no code found stays as it is (shown in English).
 */
export function codedProblems(id: string, definition: unknown, problems: readonly string[]): CodedMessage[] {
  const named = (definition as { id?: unknown } | null)?.id;
  const known = [
    ...templateProblems(definition),
    named === undefined
      ? { code: "tpl.id-missing", params: { id }, message: `The template's id is missing; it must be "${id}"` }
      : { code: "tpl.id-mismatch", params: { id, named: String(named) }, message: `The template's id is "${String(named)}"; it must be "${id}"` },
  ];
  return problems.map((message) => known.find((p) => p.message === message) ?? { code: "", params: {}, message });
}

export function versionsJson(versions: Awaited<ReturnType<TemplateStore["versions"]>>) {
  return versions.map((v) => ({ id: v.id, version: v.version, hash: v.hash, publishedAt: iso(v.publishedAt), publishedBy: v.publishedBy }));
}
