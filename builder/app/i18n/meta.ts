/** Page titles in the visitor's language: a route's meta reads the language from the root loader's data. */
import { DEFAULT_LANG, isLang, type Lang } from "./lang";
import { t, type MessageKey } from "./messages";

type Matches = readonly { id: string; data?: unknown }[];

export function langOf(matches: Matches): Lang {
  const lang = (matches.find((m) => m.id === "root")?.data as { lang?: unknown } | undefined)?.lang;
  return isLang(lang) ? lang : DEFAULT_LANG;
}

/** [{ title: "Мої заяви · civic-flow" }] for a message key. */
export const titleMeta = (matches: Matches, key: MessageKey) => [{ title: `${t(langOf(matches), key)} · civic-flow` }];
