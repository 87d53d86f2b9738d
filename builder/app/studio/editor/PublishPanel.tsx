/**
 * Publishing: the server checks again (no errors, scenarios present and passing) and makes an
 * immutable numbered version. The panel shows what blocks publishing, and the versions so far.
 */
import { Link } from "@remix-run/react";
import { useState } from "react";
import { ReviewSection } from "../collab/ReviewSection";
import type { Collaboration } from "../collab/useCollaboration";
import { checkDraft, DraftApiError, publishDraft, type PublishCheck } from "./api";
import { useStudio, type StudioStore } from "./store";

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
  const [busy, setBusy] = useState(false);
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
      setMessage({ ok: false, text: (e as Error).message });
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
      setMessage({ ok: true, text: result.version.unchanged ? `Nothing changed since version ${result.version.number}.` : `Published version ${result.version.number}.` });
    } catch (e) {
      if (e instanceof DraftApiError && e.error.details?.check) setCheck(e.error.details.check as PublishCheck);
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(false);
      void collab?.beat();
    }
  };

  return (
    <div className="publish" data-testid="publish">
      <p>
        Publishing makes an immutable, numbered version that citizens can apply for. It needs a definition without errors and
        scenarios that all pass.
      </p>
      {collab && <ReviewSection collab={collab} flush={flush} />}
      <div className="publish-actions">
        <button type="button" onClick={runCheck} disabled={busy}>
          Check
        </button>{" "}
        <button type="button" className="primary" onClick={publish} disabled={busy || errors > 0} title={errors ? "Fix the errors first" : undefined}>
          Publish
        </button>
        {errors > 0 && <span className="error-text"> {errors} error(s) to fix first.</span>}
      </div>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "ok-text" : "error-text"} data-testid="publish-message">
          {message.text}
        </p>
      )}
      {published && (
        <p>
          <Link to={`/studio/services/${published.serviceId}`}>Version history of {published.serviceId}</Link> · <Link to="/">Citizens' catalog</Link>
        </p>
      )}
      {check && (
        <div className="check">
          {check.blockers.length > 0 ? (
            <ul className="blockers">
              {check.blockers.map((b) => (
                <li key={b}>✖ {b}</li>
              ))}
            </ul>
          ) : (
            <p className="ok-text">✔ Ready to publish.</p>
          )}
          <p>
            Scenarios: {check.scenarios.filter((s) => s.passed).length} of {check.scenarios.length} pass; {check.uncoveredPaths.length} path(s) and{" "}
            {check.uncoveredEdges.length} outcome edge(s) not covered{check.waivedEdges.length > 0 && <>; {check.waivedEdges.length} waived</>}.
          </p>
          {check.waivedEdges.length > 0 && (
            <ul className="waived" aria-label="Waived outcome edges">
              {check.waivedEdges.map((w) => (
                <li key={w}>waived: {w}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <h3>Versions</h3>
      {serviceVersions.length === 0 && !published ? (
        <p>Not published yet.</p>
      ) : (
        <p>
          {serviceVersions.map((v) => `v${v.number}`).join(", ")}
          {published && !serviceVersions.some((v) => v.number === published.number) ? `${serviceVersions.length ? ", " : ""}v${published.number}` : ""} ·{" "}
          {serviceId && <Link to={`/studio/services/${serviceId}`}>history and differences</Link>}
        </p>
      )}
    </div>
  );
}
