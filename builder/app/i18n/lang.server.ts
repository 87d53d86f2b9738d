/** The visitor's language: the cf_lang cookie (set by the switch), else Ukrainian. */
import { readCookie, serializeCookie } from "../auth/cookies.server";
import { DEFAULT_LANG, isLang, type Lang } from "./lang";

export const LANG_COOKIE = "cf_lang";

export function languageOf(request: Request): Lang {
  const fromCookie = readCookie(request, LANG_COOKIE);
  return isLang(fromCookie) ? fromCookie : DEFAULT_LANG;
}

export function languageCookie(request: Request, lang: Lang): string {
  // Readable by nobody but us, like the rest; a year is enough to remember a preference.
  return serializeCookie(request, LANG_COOKIE, lang, { maxAge: 365 * 24 * 60 * 60 });
}
