/** What the root loader gives every page: language, the signed-in user's summary, the CSRF token. */
import { useRouteLoaderData } from "@remix-run/react";
import type { UserSummary } from "../auth/types";
import { DEFAULT_LANG, type Lang } from "../i18n/lang";

export interface RootData {
  lang: Lang;
  user: UserSummary | null;
  csrf: string;
  /** The citizen's unread notifications. */
  unread: number;
}

export function useRootData(): RootData {
  return (useRouteLoaderData("root") as RootData | undefined) ?? { lang: DEFAULT_LANG, user: null, csrf: "", unread: 0 };
}

export const useLang = (): Lang => useRootData().lang;
