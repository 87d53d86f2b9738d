/** A uiSchema with per-language texts (ui:help, ui:placeholder, ui:title, ui:description) in one language. */
import { isTextObject, localize } from "../../../../engine";

const UI_TEXTS = new Set(["ui:help", "ui:placeholder", "ui:title", "ui:description"]);

export function localizeUiSchema(ui: unknown, lang: string, fallback?: string): Record<string, unknown> {
  if (!ui || typeof ui !== "object" || Array.isArray(ui)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(ui as Record<string, unknown>)) {
    if (UI_TEXTS.has(key) && isTextObject(value)) out[key] = localize(value, lang, fallback);
    else if (value && typeof value === "object" && !Array.isArray(value) && !key.startsWith("ui:")) out[key] = localizeUiSchema(value, lang, fallback);
    else out[key] = value;
  }
  return out;
}
