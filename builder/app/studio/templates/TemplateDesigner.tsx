/**
 * The template designer: metadata, data fields and the printed layout on the left, the real PDF (rendered
 * in the page) on the right. Every change is saved as the draft after a short pause (with the revision it
 * was based on: a conflict is shown, never overwritten) and previewed after ~600 ms. Publishing makes the
 * saved draft the next immutable version.
 */
import { Link } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { loadTemplate, previewTemplate, publishTemplate, saveTemplate, TemplateApiError, type DraftJson, type VersionJson } from "./api";
import { FieldsEditor } from "./FieldsEditor";
import { LayoutEditor } from "./LayoutEditor";
import { formatValidity, fromDefinition, localProblems, parseValidity, renameField, toDefinition, withFields, type DesignModel, type Validity, type ValidityUnit } from "./model";
import { PdfPreview } from "./PdfPreview";
import { codedText, type CodedMessage } from "../i18n/coded";
import { useStudioT } from "../i18n/useStudioT";
import type { Lang } from "../../i18n/lang";

const SAVE_PAUSE_MS = 700;
const PREVIEW_PAUSE_MS = 600;

type SaveStatus =
  | { state: "saved" | "saving" | "dirty"; revision: number }
  | { state: "error"; revision: number; message: string }
  | { state: "conflict"; revision: number; message: string };

interface DesignerProps {
  templateId: string;
  draft: DraftJson;
  versions: VersionJson[];
  csrf: string;
}

export function TemplateDesigner({ templateId, draft, versions: initialVersions, csrf }: DesignerProps) {
  const [model, setModel] = useState<DesignModel>(() => fromDefinition({ ...draft.definition, id: draft.definition.id || templateId }));
  const [versions, setVersions] = useState(initialVersions);
  const [basedOn, setBasedOn] = useState(draft.basedOn);
  const definition = useMemo(() => toDefinition(model), [model]);
  const text = useMemo(() => JSON.stringify(definition), [definition]);
  const autosave = useTemplateAutosave(templateId, csrf, text, draft);
  const { lang, t } = useStudioT();
  const preview = useLivePreview(templateId, csrf, text, lang);
  const [published, setPublished] = useState<string | null>(null);
  const [publishError, setPublishError] = useState<string | null>(null);
  const [publishing, setPublishing] = useState(false);
  const local = useMemo(() => localProblems(model), [model]);
  const problems = autosave.problems;
  const pending = autosave.status.state !== "saved";

  const publish = async () => {
    setPublishing(true);
    setPublished(null);
    setPublishError(null);
    try {
      const saved = await autosave.flush();
      if (!saved) throw new Error(t("saveDraftFirst"));
      const publishedText = autosave.text();
      const result = await publishTemplate(templateId, csrf);
      setVersions(result.versions);
      setBasedOn(result.version.version);
      // The store made a new draft from the version just published (numbered for the next one): edit that, unless
      // the analyst typed meanwhile — then their model stays and is saved onto the new draft.
      const next = await autosave.refresh();
      if (autosave.text() === publishedText) setModel(fromDefinition(next.definition));
      setPublished(t("publishedVersionNoDot", { n: result.version.version }));
    } catch (error) {
      setPublishError((error as Error).message);
    } finally {
      setPublishing(false);
    }
  };

  const loadTheirs = async () => {
    const theirs = await autosave.loadTheirs();
    setModel(fromDefinition(theirs.definition));
  };

  // Set once React runs in the browser: the page is server-rendered, its controls work from then on.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  const status = autosave.status;
  return (
    <div className="page page-wide tpl-designer" data-testid="template-designer" data-ready={ready ? "" : undefined}>
      <p>
        <Link to="/studio/templates">{t("backToTemplates")}</Link>
      </p>
      <div className="tpl-toolbar toolbar">
        <h1 className="editor-title">
          {model.title[lang] || model.title.uk || model.title.en || templateId} <code className="muted">{templateId}</code>
        </h1>
        <span className={`save-status${status.state === "error" ? " save-error" : ""}`} data-testid="template-save-status" role="status">
          {status.state === "saved" && t("savedRevision", { n: status.revision })}
          {status.state === "saving" && t("saving")}
          {status.state === "dirty" && t("unsaved")}
          {status.state === "error" && t("notSaved", { message: status.message ?? "" })}
          {status.state === "conflict" && t("conflict")}
        </span>
        <span className="muted">{basedOn ? t("basedOnVersion", { n: basedOn }) : t("neverPublished")}</span>
        <button type="button" onClick={publish} disabled={publishing || problems.length > 0 || local.length > 0 || status.state === "conflict"}>
          {t("publish")}
        </button>
        <span role="status" data-testid="template-publish-message">
          {published && <span className="ok-text">{published}</span>}
          {publishError && <span className="error-text">{t("notPublishedError", { error: publishError })}</span>}
        </span>
      </div>
      {status.state === "conflict" && (
        <div className="conflict" role="alert" data-testid="template-conflict">
          {status.message}{" "}
          <button type="button" onClick={loadTheirs}>
            {t("loadTheirs")}
          </button>{" "}
          <button type="button" onClick={() => void autosave.overwrite()}>
            {t("keepMineTheirs")}
          </button>
        </div>
      )}
      <div className="tpl-columns">
        <div className="tpl-editor">
          <section className="tpl-panel" aria-labelledby="tpl-problems-heading" data-testid="template-problems">
            <h2 id="tpl-problems-heading">{t("problems")}</h2>
            {problems.length + local.length === 0 ? (
              <p className="ok-text">{pending ? t("tplChecking") : t("tplNoProblems")}</p>
            ) : (
              <ul className="tpl-problems">
                {[...local, ...problems.filter((p) => !local.some((l) => l.message === p.message))].map((p, i) => (
                  <li key={i} className="problem-error" data-code={p.code || undefined} title={p.code ? `${p.message} [${p.code}]` : undefined}>
                    ✖ {codedText(lang, p)}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="tpl-panel" aria-labelledby="tpl-meta-heading" data-testid="template-metadata">
            <h2 id="tpl-meta-heading">{t("tplDocument")}</h2>
            <div className="text-languages">
              <label>
                <span className="lang">{t("tplDocTitle", { lang: "uk" })}</span>
                <input value={model.title.uk} onChange={(e) => setModel({ ...model, title: { ...model.title, uk: e.target.value } })} />
              </label>
              <label>
                <span className="lang">{t("tplDocTitle", { lang: "en" })}</span>
                <input value={model.title.en} onChange={(e) => setModel({ ...model, title: { ...model.title, en: e.target.value } })} />
              </label>
            </div>
            <div className="tpl-line">
              <label>
                {t("tplNumberPrefix")}{" "}
                <input value={model.numberPrefix} onChange={(e) => setModel({ ...model, numberPrefix: e.target.value.toUpperCase().replace(/[^A-Z]/g, "").slice(0, 6) })} size={7} aria-describedby="tpl-prefix-help" />
              </label>
              <span id="tpl-prefix-help" className="muted">
                {t("tplPrefixHelp", { prefix: model.numberPrefix || "PREFIX" })}
              </span>
            </div>
            <ValidityPicker value={parseValidity(model.validFor)} onChange={(v) => setModel({ ...model, validFor: formatValidity(v) })} />
            <label>
              {t("tplSeal")}{" "}
              <select aria-label={t("tplSeal")} value={model.seal} onChange={(e) => setModel({ ...model, seal: e.target.value })}>
                <option value="authority">{t("tplSealAuthority")}</option>
                {model.seal !== "authority" && <option value={model.seal}>{model.seal}</option>}
              </select>
            </label>
          </section>
          <section className="tpl-panel" aria-labelledby="tpl-fields-heading" data-testid="template-fields">
            <h2 id="tpl-fields-heading">{t("tplDataFields")}</h2>
            <p className="muted">{t("tplDataFieldsIntro")}</p>
            <FieldsEditor fields={model.fields} onChange={(fields) => setModel(withFields(model, fields))} onRename={(from, to) => setModel(renameField(model, from, to))} />
          </section>
          <section className="tpl-panel" aria-labelledby="tpl-layout-heading" data-testid="template-layout">
            <h2 id="tpl-layout-heading">{t("tplLayout")}</h2>
            <LayoutEditor model={model} onChange={(sections) => setModel({ ...model, sections })} />
          </section>
          <section className="tpl-panel" aria-labelledby="tpl-versions-heading" data-testid="template-versions-panel">
            <h2 id="tpl-versions-heading">{t("versions")}</h2>
            {versions.length === 0 ? (
              <p>{t("notPublishedYet")}</p>
            ) : (
              <ul>
                {versions.map((v) => (
                  <li key={v.version}>
                    {t("tplVersionLine", { n: v.version, when: v.publishedAt.slice(0, 16).replace("T", " "), by: v.publishedBy })}{" "}
                    <Link to={`/studio/templates/${templateId}/versions?from=${v.version}&to=draft`}>{t("tplCompareDraft")}</Link>
                    {v.version > 1 && (
                      <>
                        {" · "}
                        <Link to={`/studio/templates/${templateId}/versions?from=${v.version - 1}&to=${v.version}`}>{t("tplChangesFrom", { n: v.version - 1 })}</Link>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <section className="tpl-preview" aria-labelledby="tpl-preview-heading">
          <h2 id="tpl-preview-heading">
            {t("tplPreview")}{" "}
            <span className="muted">
              {t("tplPreviewNote")}
              {preview.loading ? t("tplUpdating") : ""}
            </span>
          </h2>
          {preview.error && (
            <p role="alert" className="error-text" data-testid="preview-error">
              {t("tplPreviewFailed", { error: preview.error })}
            </p>
          )}
          <PdfPreview pdf={preview.pdf} />
        </section>
      </div>
    </div>
  );
}

function ValidityPicker({ value, onChange }: { value: Validity; onChange: (v: Validity) => void }) {
  const kind = value.kind === "simple" ? value.unit : value.kind;
  const amount = value.kind === "simple" ? value.amount : 1;
  const { t } = useStudioT();
  return (
    <div className="tpl-line">
      <label>
        {t("tplValidFor")}{" "}
        <select
          aria-label={t("tplValidFor")}
          value={kind}
          onChange={(e) => {
            const next = e.target.value;
            if (next === "none") onChange({ kind: "none" });
            else if (next === "custom") onChange({ kind: "custom", text: value.kind === "custom" ? value.text : formatValidity(value) || "P1Y" });
            else onChange({ kind: "simple", amount, unit: next as ValidityUnit });
          }}
        >
          <option value="none">{t("tplNoExpiry")}</option>
          <option value="D">{t("tplDays")}</option>
          <option value="M">{t("tplMonths")}</option>
          <option value="Y">{t("tplYears")}</option>
          <option value="custom">{t("tplIsoDuration")}</option>
        </select>
      </label>
      {value.kind === "simple" && (
        <label>
          {t("tplNumberOf", { unit: t(value.unit === "D" ? "tplDays" : value.unit === "M" ? "tplMonths" : "tplYears") })}{" "}
          <input type="number" min={1} max={1200} value={value.amount} onChange={(e) => onChange({ ...value, amount: Number(e.target.value) })} style={{ width: "6em" }} />
        </label>
      )}
      {value.kind === "custom" && (
        <label>
          {t("tplDuration")} <input value={value.text} onChange={(e) => onChange({ kind: "custom", text: e.target.value })} placeholder="P1Y6M" size={10} />
        </label>
      )}
      <span className="muted">{value.kind === "none" ? t("tplNoExpiryNote") : t("tplCalendarNote")}</span>
    </div>
  );
}

/** Saves the definition (as JSON text) shortly after each change, with the revision it was based on. */
function useTemplateAutosave(templateId: string, csrf: string, text: string, draft: DraftJson) {
  const [status, setStatus] = useState<SaveStatus>({ state: "saved", revision: draft.revision });
  const [problems, setProblems] = useState<CodedMessage[]>(draft.problems);
  const revision = useRef(draft.revision);
  // The draft as loaded, in the designer's own normal form: opening a draft does not save it again.
  const saved = useRef(JSON.stringify(toDefinition(fromDefinition({ ...draft.definition, id: draft.definition.id || templateId }))));
  const latest = useRef(text);
  latest.current = text;
  const conflict = useRef(false);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();

  const save = useCallback(async (): Promise<boolean> => {
    if (inFlight.current) await inFlight.current;
    if (conflict.current) return false;
    const body = latest.current;
    if (body === saved.current) return true;
    setStatus({ state: "saving", revision: revision.current });
    const run = (async () => {
      try {
        const { draft: next } = await saveTemplate(templateId, csrf, JSON.parse(body), revision.current);
        revision.current = next.revision;
        saved.current = body;
        setProblems(next.problems ?? []);
        setStatus({ state: latest.current === body ? "saved" : "dirty", revision: next.revision });
        return true;
      } catch (error) {
        if (error instanceof TemplateApiError && error.status === 409) {
          conflict.current = true;
          setStatus({ state: "conflict", revision: revision.current, message: error.message });
        } else setStatus({ state: "error", revision: revision.current, message: (error as Error).message });
        return false;
      }
    })();
    inFlight.current = run;
    const ok = await run;
    inFlight.current = null;
    return ok;
  }, [templateId, csrf]);

  useEffect(() => {
    if (text === saved.current || conflict.current) return;
    setStatus((s) => (s.state === "saving" || s.state === "error" ? s : { state: "dirty", revision: revision.current }));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), SAVE_PAUSE_MS);
    return () => clearTimeout(timer.current);
  }, [text, save]);

  useEffect(() => {
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (latest.current !== saved.current && !conflict.current) {
        void save();
        e.preventDefault();
      }
    };
    window.addEventListener("beforeunload", beforeUnload);
    return () => window.removeEventListener("beforeunload", beforeUnload);
  }, [save]);

  /** Saves what is pending now; false when it could not be saved. */
  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    return save();
  }, [save]);

  /** After publishing: the draft's revision and problems as the server has them now. */
  const refresh = useCallback(async () => {
    const { draft: current } = await loadTemplate(templateId);
    revision.current = current.revision;
    saved.current = JSON.stringify(toDefinition(fromDefinition(current.definition)));
    setProblems(current.problems ?? []);
    // An edit made while publishing is saved onto the new draft now.
    const edited = latest.current !== saved.current;
    setStatus({ state: edited ? "dirty" : "saved", revision: current.revision });
    if (edited) timer.current = setTimeout(() => void save(), SAVE_PAUSE_MS);
    return current;
  }, [templateId, save]);

  const loadTheirs = useCallback(async () => {
    const { draft: theirs } = await loadTemplate(templateId);
    conflict.current = false;
    revision.current = theirs.revision;
    saved.current = JSON.stringify(toDefinition(fromDefinition(theirs.definition)));
    setProblems(theirs.problems ?? []);
    setStatus({ state: "saved", revision: theirs.revision });
    return theirs;
  }, [templateId]);

  const overwrite = useCallback(async () => {
    const { draft: theirs } = await loadTemplate(templateId);
    conflict.current = false;
    revision.current = theirs.revision;
    await save();
  }, [templateId, save]);

  /** The definition's text as the page has it now (it changes with every edit, before any save). */
  const currentText = useCallback(() => latest.current, []);
  return { status, problems, flush, refresh, loadTheirs, overwrite, text: currentText };
}

/** The PDF of the current definition, asked for ~600 ms after the last change (the previous request is dropped). */
function useLivePreview(templateId: string, csrf: string, text: string, lang: Lang) {
  const [pdf, setPdf] = useState<ArrayBuffer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        const bytes = await previewTemplate(templateId, csrf, JSON.parse(text), controller.signal);
        setPdf(bytes);
        setError(null);
      } catch (e) {
        if (controller.signal.aborted) return;
        // A definition with problems: the first says why (the problems panel lists them all).
        const problems = e instanceof TemplateApiError ? (e.error.details?.problems as CodedMessage[] | undefined) : undefined;
        setError(problems?.length && typeof problems[0] === "object" ? codedText(lang, problems[0]) : (e as Error).message);
      } finally {
        if (!controller.signal.aborted) setLoading(false);
      }
    }, PREVIEW_PAUSE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [templateId, csrf, text, lang]);
  return { pdf, error, loading };
}
