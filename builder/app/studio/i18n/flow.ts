/** React Flow's own texts for screen readers (its ariaLabelConfig) in the studio's language. */
import type { Lang } from "../../i18n/lang";

const UK = {
  "node.a11yDescription.default": "Натисніть Enter або пробіл, щоб вибрати крок. Delete — видалити, Escape — скасувати.",
  "node.a11yDescription.keyboardDisabled": "Натисніть Enter або пробіл, щоб вибрати крок. Потім стрілки пересувають його. Delete — видалити, Escape — скасувати.",
  "node.a11yDescription.ariaLiveMessage": ({ direction, x, y }: { direction: string; x: number; y: number }) => `Вибраний крок пересунуто (${direction}). Нове місце: x ${x}, y ${y}`,
  "edge.a11yDescription.default": "Натисніть Enter або пробіл, щоб вибрати перехід. Потім Delete — видалити, Escape — скасувати.",
  "controls.ariaLabel": "Керування полотном",
  "controls.zoomIn.ariaLabel": "Збільшити",
  "controls.zoomOut.ariaLabel": "Зменшити",
  "controls.fitView.ariaLabel": "Вмістити на екрані",
  "controls.interactive.ariaLabel": "Увімкнути чи вимкнути редагування",
  "minimap.ariaLabel": "Мінікарта",
  "handle.ariaLabel": "Точка з'єднання",
};

/** Partial<AriaLabelConfig> of @xyflow/react; English is React Flow's own. */
export const flowAriaLabels = (lang: Lang): Partial<typeof UK> => (lang === "uk" ? UK : {});
