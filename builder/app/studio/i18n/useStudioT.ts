/** The studio's texts in the portal's language (the cf_lang cookie, chosen with the header's switch; Ukrainian by default). */
import { useMemo } from "react";
import type { Lang } from "../../i18n/lang";
import { DEFAULT_LANG, isLang } from "../../i18n/lang";
import { useLang } from "../../portal/root-data";
import { st, type StudioKey } from "./messages";

export type StudioT = (key: StudioKey, params?: Record<string, string | number>) => string;

export function useStudioT(): { lang: Lang; t: StudioT } {
  const lang = useLang();
  return useMemo(() => ({ lang, t: (key: StudioKey, params?: Record<string, string | number>) => st(lang, key, params) }), [lang]);
}

/** The language in a route's meta function (the root loader's data). */
export function metaLang(matches: readonly { id: string; data?: unknown }[]): Lang {
  const root = matches.find((m) => m.id === "root")?.data as { lang?: unknown } | undefined;
  return isLang(root?.lang) ? root.lang : DEFAULT_LANG;
}
