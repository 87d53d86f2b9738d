import type { Text } from "../engine";

/** Picks a text in the wanted language, else the service's main language, else any. */
export function localize(text: Text | undefined, lang: string, fallback = "uk"): string | undefined {
  if (text === undefined || typeof text === "string") return text;
  return text[lang] ?? text[fallback] ?? Object.values(text)[0];
}
