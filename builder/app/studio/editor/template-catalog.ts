/**
 * The template picker's list (a document step's `template`): titles in the studio's language with the id beside
 * them, refreshed from /studio/api/catalog/templates when the picker opens and when the window regains focus.
 * Fresh templates are added to the editor's catalog in place, so the panel's data mapping names and the
 * suggested mapping know a template published after the page loaded; `onChanged` then lets the editor check
 * the service again against them (the validation worker holds its own copy of the catalog).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { Catalog, TemplateInfo } from "../../../../engine";
import type { Lang } from "../../i18n/lang";

export interface TemplateChoice {
  id: string;
  title: string;
}

/** A catalog title in `lang` (the other language, then the id, when it has none). */
export function templateTitle(id: string, info: TemplateInfo | undefined, lang: Lang): string {
  const title = info?.title;
  if (typeof title === "string") return title.trim() || id;
  if (title && typeof title === "object") return title[lang]?.trim() || title.uk?.trim() || title.en?.trim() || Object.values(title).find((v) => v?.trim()) || id;
  return id;
}

/** The picker's options: every known template (and the step's current value, even if unknown), by title. */
export function templateChoices(templates: Record<string, TemplateInfo>, lang: Lang, current?: unknown, extra: readonly string[] = []): TemplateChoice[] {
  const ids = new Set([...Object.keys(templates), ...extra.filter((x) => typeof x === "string" && x)]);
  if (typeof current === "string" && current) ids.add(current);
  const locale = lang === "uk" ? "uk-UA" : "en-GB";
  return [...ids].map((id) => ({ id, title: templateTitle(id, templates[id], lang) })).sort((a, b) => a.title.localeCompare(b.title, locale) || a.id.localeCompare(b.id));
}

export interface TemplateCatalog {
  templates: Record<string, TemplateInfo>;
  /** Asks the server for the current list (one request at a time). */
  refresh: () => void;
}

/** Adds what the server has to the catalog's templates; whether anything was new or changed. */
export function mergeTemplates(into: Record<string, TemplateInfo>, fresh: Record<string, TemplateInfo>): boolean {
  const changed = Object.entries(fresh).filter(([id, info]) => JSON.stringify(into[id]) !== JSON.stringify(info));
  for (const [id, info] of changed) into[id] = info;
  return changed.length > 0;
}

/** The editor's catalog templates, kept fresh while `active` (a document step is open in the panel). */
export function useTemplateCatalog(catalog: Catalog, active: boolean, onChanged?: () => void): TemplateCatalog {
  const [templates, setTemplates] = useState(catalog.templates);
  const inFlight = useRef(false);
  const refresh = useCallback(() => {
    if (inFlight.current || typeof fetch === "undefined") return;
    inFlight.current = true;
    fetch("/studio/api/catalog/templates", { headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? (r.json() as Promise<{ templates?: Record<string, TemplateInfo> }>) : undefined))
      .then((answer) => {
        if (!answer?.templates || !mergeTemplates(catalog.templates, answer.templates)) return;
        setTemplates({ ...catalog.templates });
        onChanged?.();
      })
      .catch(() => undefined) // offline: the list the page loaded with stays
      .finally(() => {
        inFlight.current = false;
      });
  }, [catalog, onChanged]);
  useEffect(() => {
    if (!active) return;
    const back = () => {
      if (document.visibilityState === "visible") refresh();
    };
    window.addEventListener("focus", refresh);
    document.addEventListener("visibilitychange", back);
    return () => {
      window.removeEventListener("focus", refresh);
      document.removeEventListener("visibilitychange", back);
    };
  }, [active, refresh]);
  return { templates, refresh };
}
