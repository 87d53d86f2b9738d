/**
 * A step's transitions, with the keyboard: for each outcome, the step it leads to (a list of the
 * service's steps), Connect, and Remove. Opened from a node's ⇢ button or with C on a focused node;
 * Escape closes it and gives the focus back to the node.
 */
import { useEffect, useId, useRef, useState } from "react";
import { connect, disconnect } from "../model/commands";
import type { Outlet } from "../model/outcomes";
import { useStudio, type StudioStore } from "./store";
import { st } from "../i18n/messages";
import type { Lang } from "../../i18n/lang";
import { useStudioT } from "../i18n/useStudioT";

/** The dialog's texts in the studio's language (i18n/messages.ts). */
export const transitionsText = (lang: Lang) => ({
  title: (step: string) => st(lang, "trTitle", { step }),
  help: st(lang, "trHelp"),
  notConnected: st(lang, "notConnected"),
  target: (outcome: string) => st(lang, "trTarget", { outcome }),
  connect: st(lang, "trConnect"),
  connectLabel: (outcome: string) => st(lang, "trConnectLabel", { outcome }),
  remove: st(lang, "removeItem"),
  removeLabel: (outcome: string, target: string) => st(lang, "trRemoveLabel", { outcome, target }),
  now: (target: string) => st(lang, "trNow", { target }),
  close: st(lang, "close"),
  gone: st(lang, "trGone"),
});

export function TransitionsDialog({ store, stepId, onClose }: { store: StudioStore; stepId: string; onClose: () => void }) {
  const graph = useStudio(store, (s) => s.graph);
  const step = graph.steps.find((s) => s.id === stepId);
  const titleId = useId();
  const root = useRef<HTMLDivElement>(null);
  const TRANSITIONS_TEXT = transitionsText(useStudioT().lang);

  useEffect(() => {
    root.current?.querySelector<HTMLElement>("select, button")?.focus();
  }, []);

  const close = () => {
    onClose();
    // Back to the node the dialog was opened from. A re-render that lands after the first frame (the
    // validation worker answering) can drop the focus to the body again, so try once more while
    // nothing else has taken it.
    const refocus = () => {
      const active = document.activeElement;
      if (active && active !== document.body && !root.current?.contains(active)) return;
      document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(stepId)}"]`)?.focus();
    };
    requestAnimationFrame(refocus);
    for (const ms of [100, 400]) setTimeout(refocus, ms);
  };
  const closeRef = useRef(close);
  closeRef.current = close;
  // Escape closes it also when the focus has left it (a button that became disabled drops the focus).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && (!document.activeElement || document.activeElement === document.body)) closeRef.current();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div
      className="connect-dialog nodrag nowheel"
      role="dialog"
      aria-labelledby={titleId}
      data-testid="transitions-dialog"
      ref={root}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === "Escape") close();
      }}
    >
      <h2 id={titleId}>{TRANSITIONS_TEXT.title(step?.title ? `${step.title} (${stepId})` : stepId)}</h2>
      {step ? (
        <>
          <p className="muted">{TRANSITIONS_TEXT.help}</p>
          {step.outlets.map((outlet) => (
            <OutletRow key={outlet.id} store={store} stepId={stepId} outlet={outlet} targets={graph.steps.map((s) => ({ id: s.id, title: s.title }))} />
          ))}
        </>
      ) : (
        <p>{TRANSITIONS_TEXT.gone}</p>
      )}
      <button type="button" onClick={close}>
        {TRANSITIONS_TEXT.close}
      </button>
    </div>
  );
}

function OutletRow({ store, stepId, outlet, targets }: { store: StudioStore; stepId: string; outlet: Outlet; targets: { id: string; title: string }[] }) {
  const [target, setTarget] = useState(outlet.target ?? "");
  const selectId = useId();
  const TRANSITIONS_TEXT = transitionsText(useStudioT().lang);
  useEffect(() => setTarget(outlet.target ?? ""), [outlet.target]);
  const value = () => store.getState().loaded.value;
  const row = useRef<HTMLDivElement>(null);
  // The focus stays in the row after an edit (Connect becomes disabled once connected).
  const edited = () => requestAnimationFrame(() => row.current?.querySelector("select")?.focus());
  return (
    <div className="connect-row" data-outlet={outlet.id} ref={row}>
      <label htmlFor={selectId}>
        <strong>{outlet.label}</strong> {outlet.target && <span className="connect-current">{TRANSITIONS_TEXT.now(outlet.target)}</span>}
      </label>
      <div className="connect-row-actions">
        <select id={selectId} aria-label={TRANSITIONS_TEXT.target(outlet.label)} value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="">{TRANSITIONS_TEXT.notConnected}</option>
          {targets
            .filter((t) => t.id !== stepId)
            .map((t) => (
              <option key={t.id} value={t.id}>
                {t.title && t.title !== t.id ? `${t.title} (${t.id})` : t.id}
              </option>
            ))}
        </select>
        <button
          type="button"
          aria-label={TRANSITIONS_TEXT.connectLabel(outlet.label)}
          disabled={!target || (target === outlet.target && !outlet.adds)}
          onClick={() => {
            store.edit(connect(value(), stepId, outlet.id, target, store.catalog));
            edited();
          }}
        >
          {TRANSITIONS_TEXT.connect}
        </button>
        {outlet.target && !outlet.adds && (
          <button type="button" aria-label={TRANSITIONS_TEXT.removeLabel(outlet.label, outlet.target)} onClick={() => {
              store.edit(disconnect(value(), stepId, outlet.id, store.catalog));
              edited();
            }}
          >
            {TRANSITIONS_TEXT.remove}
          </button>
        )}
      </div>
    </div>
  );
}
