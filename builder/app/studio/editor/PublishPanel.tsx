/**
 * Publishing: the server checks again (no errors, scenarios present and passing) and makes an
 * immutable numbered version. The panel shows what blocks publishing, and the versions so far. Blockers and
 * refusals come by code and are said in the studio's language (i18n/coded.ts, the review's notices); the
 * server's English text and the code stay in the tooltip for developers.
 */
import { Link } from "@remix-run/react";
import { useState } from "react";
import { ReviewSection } from "../collab/ReviewSection";
import { errorNotice } from "../collab/notices";
import type { Collaboration } from "../collab/useCollaboration";
import { codedText } from "../i18n/coded";
import { checkDraft, DraftApiError, publishDraft, type PublishCheck } from "./api";
import { useStudio, type StudioStore } from "./store";
import { useStudioT } from "../i18n/useStudioT";

interface PublishPanelProps {
  store: StudioStore;
  draftId: string;
  serviceVersions: { number: number; publishedAt: string }[];
  /** Saves pending changes; resolves to the draft's saved version. */
  flush: () => Promise<number>;
  /** Tells the autosave the draft version publishing moved the draft to. */
  adopt: (version: number) => void;
  /** The others: the review before publishing lives with them. */
  collab?: Collaboration;
}

export function PublishPanel({ store, draftId, serviceVersions, flush, adopt, collab }: PublishPanelProps) {
  const errors = useStudio(store, (s) => s.issues.filter((i) => i.severity === "error").length);
  const serviceId = useStudio(store, (s) => (s.loaded.value as { id?: string } | undefined)?.id);
  const definition = useStudio(store, (s) => s.loaded.value);
  const [busy, setBusy] = useState(false);
  const { lang, t } = useStudioT();
  const [check, setCheck] = useState<PublishCheck | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [published, setPublished] = useState<{ number: number; serviceId: string } | null>(null);

  const runCheck = async () => {
    setBusy(true);
    setMessage(null);
    try {
      await flush();
      setCheck((await checkDraft(draftId)).check);
    } catch (e) {
      setMessage({ ok: false, text: errorNotice(lang, e).text });
    } finally {
      setBusy(false);
    }
  };
  const publish = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const version = await flush();
      const result = await publishDraft(draftId, version);
      adopt(result.draft.version);
      setCheck(result.check);
      setPublished(result.version);
      setMessage({ ok: true, text: t(result.version.unchanged ? "nothingChanged" : "publishedVersion", { n: result.version.number }) });
    } catch (e) {
      if (e instanceof DraftApiError && e.error.details?.check) setCheck(e.error.details.check as PublishCheck);
      setMessage({ ok: false, text: errorNotice(lang, e).text });
    } finally {
      setBusy(false);
      void collab?.beat();
    }
  };

  return (
    <div className="publish" data-testid="publish">
      <p>{t("publishIntro")}</p>
      {collab && <ReviewSection collab={collab} flush={flush} />}
      <div className="publish-actions">
        <button type="button" onClick={runCheck} disabled={busy}>
          {t("check")}
        </button>{" "}
        <button type="button" className="primary" onClick={publish} disabled={busy || errors > 0} title={errors ? t("fixErrorsFirst") : undefined}>
          {t("publish")}
        </button>
        {errors > 0 && <span className="error-text">{t("errorsToFix", { n: errors })}</span>}
      </div>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "ok-text" : "error-text"} data-testid="publish-message">
          {message.text}
        </p>
      )}
      {published && (
        <p>
          <Link to={`/studio/services/${published.serviceId}`}>{t("versionHistoryOf", { id: published.serviceId })}</Link> · <Link to="/">{t("citizensCatalog")}</Link>
        </p>
      )}
      {check && (
        <div className="check">
          {check.blockers.length > 0 ? (
            <ul className="blockers">
              {(check.problems ?? check.blockers.map((message) => ({ code: "", params: {}, message }))).map((b) => (
                <li key={b.message} data-code={b.code || undefined} title={b.code ? `${b.message} [${b.code}]` : undefined}>
                  ✖ {codedText(lang, b, definition)}
                </li>
              ))}
            </ul>
          ) : (
            <p className="ok-text">{t("readyToPublish")}</p>
          )}
          <p>
            {t("scenariosPassOf", { passed: check.scenarios.filter((s) => s.passed).length, n: check.scenarios.length })} {t("pathsNotCovered", { n: check.uncoveredPaths.length })} {t("andWord")}{" "}
            {t("edgesNotCovered", { n: check.uncoveredEdges.length })}
            {check.waivedEdges.length > 0 && <>; {t("waivedN", { n: check.waivedEdges.length })}</>}.
          </p>
          {check.waivedEdges.length > 0 && (
            <ul className="waived" aria-label={t("waivedEdges")}>
              {check.waivedEdges.map((w) => (
                <li key={w}>{t("waivedItem", { edge: w })}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <h3>{t("versions")}</h3>
      {serviceVersions.length === 0 && !published ? (
        <p>{t("notPublishedYet")}</p>
      ) : (
        <p>
          {serviceVersions.map((v) => `v${v.number}`).join(", ")}
          {published && !serviceVersions.some((v) => v.number === published.number) ? `${serviceVersions.length ? ", " : ""}v${published.number}` : ""} ·{" "}
          {serviceId && <Link to={`/studio/services/${serviceId}`}>{t("historyAndDifferences")}</Link>}
        </p>
      )}
    </div>
  );
}
