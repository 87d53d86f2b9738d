/**
 * The editor header's view of the others: who else has the draft open (initials, names on hover), and a
 * notice when someone saved a newer version, with "Load theirs" and "Show differences" (the semantic diff
 * between the analyst's text and theirs). The same notice explains a conflicting save.
 */
import { useState } from "react";
import "./collab.css";
import { loadDefinition, parseSource } from "../../../../engine";
import { loadDraft } from "../editor/api";
import { semanticDiff, type Change } from "../model/semantic-diff";
import { ago, initials } from "./time";
import type { CollabStateJson } from "./types";
import type { StudioKey } from "../i18n/messages";
import { useStudioT } from "../i18n/useStudioT";

export function PresenceBar({ state }: { state: CollabStateJson | null }) {
  const others = (state?.presence ?? []).filter((p) => !p.me);
  const { t } = useStudioT();
  if (!others.length) return null;
  const names = others.map((p) => p.name).join(", ");
  return (
    <div className="presence" data-testid="presence" role="group" aria-label={t("alsoInDraft", { names })}>
      {others.map((p) => (
        <span key={p.userId} className="presence-badge" title={t("hasDraftOpen", { name: p.name, version: p.version })} data-name={p.name}>
          {initials(p.name)}
        </span>
      ))}
      <span className="presence-note" title={t("savesPerVersion")}>
        {others.length === 1 ? t("oneOtherEditing", { name: others[0].name }) : t("othersEditing", { n: others.length })}
      </span>
    </div>
  );
}

const definitionOf = (text: string) => loadDefinition(text).definition ?? parseSource(text).value;

export function NewerVersionNotice({
  draftId,
  theirs,
  mine,
  conflict,
  onLoadTheirs,
  onOverwrite,
}: {
  draftId: string;
  theirs: { version: number; updatedBy: string; updatedAt?: string };
  /** The analyst's current text. */
  mine: () => string;
  /** A save of theirs was refused: offer to overwrite. */
  conflict: boolean;
  onLoadTheirs: () => void;
  onOverwrite?: () => void;
}) {
  const [changes, setChanges] = useState<Change[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const { lang, t } = useStudioT();
  const showDifferences = async () => {
    if (changes) {
      setChanges(null);
      return;
    }
    try {
      const latest = await loadDraft(draftId);
      setChanges(semanticDiff(definitionOf(mine()), definitionOf(latest.source), lang));
    } catch (e) {
      setFailed((e as Error).message);
    }
  };
  return (
    <div className="conflict newer-version" role="alert" data-testid={conflict ? "conflict" : "newer-version"}>
      <strong>{theirs.updatedBy}</strong>
      {t("savedNewer", { when: theirs.updatedAt ? ` ${ago(theirs.updatedAt, Date.now(), lang)}` : "", version: theirs.version })}
      {conflict ? t("notSavedYours") : "."}{" "}
      <button type="button" onClick={onLoadTheirs}>
        {t("loadTheirsShort")}
      </button>{" "}
      <button type="button" onClick={() => void showDifferences()} aria-expanded={!!changes}>
        {changes ? t("hideDifferences") : t("showDifferences")}
      </button>
      {conflict && onOverwrite && (
        <>
          {" "}
          <button type="button" onClick={onOverwrite}>
            {t("keepMine")}
          </button>
        </>
      )}
      {failed && <p className="error-text">{failed}</p>}
      {changes && (
        <div className="newer-diff" data-testid="newer-diff">
          <p>{t("fromYoursToTheirs")}</p>
          {changes.length === 0 ? (
            <p>{t("noBehaviourDifferences")}</p>
          ) : (
            <ul className="changes">
              {changes.map((c, i) => (
                <li key={i} className={`change-${c.kind}`}>
                  <span className="change-kind">{t(`change${c.kind[0].toUpperCase()}${c.kind.slice(1)}` as StudioKey)}</span> {c.text}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
