/**
 * The studio's side of document templates: the runtime's template store (runtime/templates/contract.ts,
 * `runtime.templates`), dates as strings for the browser, and template ids checked before they reach it.
 */
import type { AppLoadContext } from "@remix-run/node";
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

/** A draft as JSON: its dates as ISO strings whatever the store gave. */
export function draftJson(draft: TemplateDraft) {
  return { ...draft, updatedAt: iso(draft.updatedAt), problems: draft.problems ?? [] };
}

export function versionsJson(versions: Awaited<ReturnType<TemplateStore["versions"]>>) {
  return versions.map((v) => ({ id: v.id, version: v.version, hash: v.hash, publishedAt: iso(v.publishedAt), publishedBy: v.publishedBy }));
}
