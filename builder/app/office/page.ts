/** What every office page shares: its stylesheet and a title in the page's language (the root loader's). */
import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { DEFAULT_LANG, isLang, type Lang } from "../i18n/lang";
import { t, type MessageKey } from "../i18n/messages";
import officeCss from "../styles/office.css?url";

export const officeLinks: LinksFunction = () => [{ rel: "stylesheet", href: officeCss }];

function langOf(matches: readonly { id: string; data?: unknown }[]): Lang {
  const root = matches.find((m) => m.id === "root")?.data as { lang?: unknown } | undefined;
  return isLang(root?.lang) ? root.lang : DEFAULT_LANG;
}

/** `<title>`: the page's own words, then the office's name. */
export const officeMeta =
  (...keys: MessageKey[]): MetaFunction =>
  ({ matches }) => {
    const lang = langOf(matches);
    return [{ title: [...keys.map((key) => t(lang, key)), t(lang, "navOffice"), "civic-flow"].join(" · ") }];
  };
