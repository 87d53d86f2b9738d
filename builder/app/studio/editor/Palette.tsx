/** The step kinds to drag onto the canvas (or add with a click or Enter, for keyboard users). */
import { useReactFlow } from "@xyflow/react";
import { addStep } from "../model/commands";
import { KINDS } from "../model/step-kinds";
import { PALETTE_MIME } from "./Canvas";
import type { StudioStore } from "./store";

export function Palette({ store }: { store: StudioStore }) {
  const flow = useReactFlow();
  const addAtCentre = (kind: (typeof KINDS)[number]["kind"]) => {
    const box = document.querySelector("[data-testid=canvas]")?.getBoundingClientRect();
    const centre = box ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 }) : { x: 0, y: 0 };
    const { id, ops } = addStep(store.getState().loaded.value, kind, centre, store.catalog);
    if (store.edit(ops)) store.select([id]);
  };
  return (
    <aside className="palette" aria-label="Step kinds">
      <h2>Steps</h2>
      <ul>
        {KINDS.map((k) => (
          <li key={k.kind}>
            <button
              type="button"
              className="palette-item"
              draggable
              data-kind={k.kind}
              style={{ ["--kind" as string]: k.color }}
              title={`${k.help}. Drag onto the canvas, or press Enter to add.`}
              onDragStart={(e) => {
                e.dataTransfer.setData(PALETTE_MIME, k.kind);
                e.dataTransfer.effectAllowed = "copy";
              }}
              onClick={() => addAtCentre(k.kind)}
            >
              <span aria-hidden="true" className="palette-symbol">
                {k.symbol}
              </span>{" "}
              {k.label}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
