/** The step kinds to drag onto the canvas (or add with a click or Enter, for keyboard users). */
import { useReactFlow, type Edge } from "@xyflow/react";
import { addStep } from "../model/commands";
import { KINDS } from "../model/step-kinds";
import { PALETTE_MIME, placeNewStep, selectAfterPaint } from "./Canvas";
import type { StepFlowNode } from "./StepNode";
import type { StudioStore } from "./store";
import { kindHelp, kindLabel } from "../i18n/kinds";
import { useStudioT } from "../i18n/useStudioT";

export function Palette({ store }: { store: StudioStore }) {
  const flow = useReactFlow<StepFlowNode, Edge>();
  const { lang, t } = useStudioT();
  const addAtCentre = (kind: (typeof KINDS)[number]["kind"]) => {
    const box = document.querySelector("[data-testid=canvas]")?.getBoundingClientRect();
    const centre = box ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 }) : { x: 0, y: 0 };
    // Centred on the visible canvas, or the nearest free place to it.
    const spot = placeNewStep(flow, { x: centre.x - 115, y: centre.y - 50 });
    const { id, ops } = addStep(store.getState().loaded.value, kind, spot, store.catalog);
    if (store.edit(ops)) selectAfterPaint(store, id);
  };
  return (
    <aside className="palette" aria-label={t("paletteLabel")}>
      <h2>{t("paletteHeading")}</h2>
      <ul>
        {KINDS.map((k) => (
          <li key={k.kind}>
            <button
              type="button"
              className="palette-item"
              draggable
              data-kind={k.kind}
              style={{ ["--kind" as string]: k.color }}
              title={t("paletteItemTitle", { help: kindHelp(k.kind, lang) })}
              onDragStart={(e) => {
                e.dataTransfer.setData(PALETTE_MIME, k.kind);
                e.dataTransfer.effectAllowed = "copy";
              }}
              onClick={() => addAtCentre(k.kind)}
            >
              <span aria-hidden="true" className="palette-symbol">
                {k.symbol}
              </span>{" "}
              {kindLabel(k.kind, lang)}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
