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

export function PresenceBar({ state }: { state: CollabStateJson | null }) {
  const others = (state?.presence ?? []).filter((p) => !p.me);
  if (!others.length) return null;
  const names = others.map((p) => p.name).join(", ");
  return (
    <div className="presence" data-testid="presence" role="group" aria-label={`Also in this draft: ${names}`}>
      {others.map((p) => (
        <span key={p.userId} className="presence-badge" title={`${p.name} has this draft open (version ${p.version})`} data-name={p.name}>
          {initials(p.name)}
        </span>
      ))}
      <span className="presence-note" title="Saves are per version: if you both change the draft, the later save is asked what to keep.">
        {others.length === 1 ? `${others[0].name} is editing too` : `${others.length} others are editing too`}
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
  const showDifferences = async () => {
    if (changes) {
      setChanges(null);
      return;
    }
    try {
      const latest = await loadDraft(draftId);
      setChanges(semanticDiff(definitionOf(mine()), definitionOf(latest.source)));
    } catch (e) {
      setFailed((e as Error).message);
    }
  };
  return (
    <div className="conflict newer-version" role="alert" data-testid={conflict ? "conflict" : "newer-version"}>
      <strong>{theirs.updatedBy}</strong> saved a newer version{theirs.updatedAt ? ` ${ago(theirs.updatedAt)}` : ""} (version {theirs.version})
      {conflict ? ": your last changes are not saved." : "."}{" "}
      <button type="button" onClick={onLoadTheirs}>
        Load theirs
      </button>{" "}
      <button type="button" onClick={() => void showDifferences()} aria-expanded={!!changes}>
        {changes ? "Hide differences" : "Show differences"}
      </button>
      {conflict && onOverwrite && (
        <>
          {" "}
          <button type="button" onClick={onOverwrite}>
            Keep mine (overwrite)
          </button>
        </>
      )}
      {failed && <p className="error-text">{failed}</p>}
      {changes && (
        <div className="newer-diff" data-testid="newer-diff">
          <p>From your version to theirs:</p>
          {changes.length === 0 ? (
            <p>No differences in what the service does (only layout or comments).</p>
          ) : (
            <ul className="changes">
              {changes.map((c, i) => (
                <li key={i} className={`change-${c.kind}`}>
                  <span className="change-kind">{c.kind}</span> {c.text}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
