/**
 * The collaboration server's notices (runtime/drafts/collaboration.ts: a key and params, beside an English message)
 * in the studio's language: collab_<key> in the catalog. The code stays visible for developers. Browser-safe.
 */
import type { Lang } from "../../i18n/lang";
import { DraftApiError } from "../editor/api";
import { STUDIO_MESSAGES, st, type StudioKey } from "../i18n/messages";

export interface NoticeJson {
  key: string;
  params?: Record<string, string | number | NoticeJson>;
}

const isNotice = (value: unknown): value is NoticeJson => !!value && typeof value === "object" && typeof (value as NoticeJson).key === "string";

/** The notice's text in `lang`; undefined for a key the studio does not know (a newer server): say its message then. */
export function noticeText(lang: Lang, notice: NoticeJson): string | undefined {
  const key = `collab_${notice.key}`;
  if (!(key in STUDIO_MESSAGES)) return undefined;
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(notice.params ?? {})) {
    params[name] = isNotice(value) ? (noticeText(lang, value) ?? value.key) : value;
  }
  return st(lang, key as StudioKey, params);
}

/** What to show for a failed collaboration call: the text in the studio's language, and the code (error code/notice). */
export function errorNotice(lang: Lang, error: unknown): { text: string; code?: string } {
  if (error instanceof DraftApiError) {
    const notice = error.error.details?.notice;
    const text = isNotice(notice) ? noticeText(lang, notice) : undefined;
    return { text: text ?? error.message, code: isNotice(notice) ? `${error.error.code}/${notice.key}` : error.error.code };
  }
  return { text: (error as Error).message };
}
