/** The editor's calls to its draft's JSON endpoint (/studio/api/drafts/:id). */
import { DEFAULT_LANG, isLang, type Lang } from "../../i18n/lang";
import { apiError, codedText, type ApiErrorBody, type CodedMessage } from "../i18n/coded";
import type { DraftScenario } from "./types";

export type ApiError = ApiErrorBody;

/** The page's language (the root sets <html lang> from the cf_lang cookie): errors are said in it. */
export const pageLang = (): Lang => {
  const lang = typeof document === "undefined" ? undefined : document.documentElement.lang;
  return isLang(lang) ? lang : DEFAULT_LANG;
};

/**
 * A refused call. `message` is for the analyst, in the studio's language (i18n/coded.ts); the server's
 * answer stays in `error` (its code and English message, for developers) and `problem` (the text's code).
 */
export class DraftApiError extends Error {
  readonly problem: CodedMessage;
  constructor(
    readonly status: number,
    readonly error: ApiError,
    lang: Lang = pageLang(),
  ) {
    const problem = apiError(status, error);
    super(codedText(lang, problem));
    this.problem = problem;
  }
}

let csrfToken = "";
/** The session's CSRF token, sent with every change. */
export function setCsrfToken(token: string) {
  csrfToken = token;
}
/** The token, for the studio's other endpoints (collaboration, live test run). */
export const currentCsrfToken = () => csrfToken;

async function post<T>(draftId: string, body: Record<string, unknown>): Promise<T> {
  const response = await fetch(`/studio/api/drafts/${draftId}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as { error?: ApiError } & T;
  if (!response.ok) throw new DraftApiError(response.status, json.error ?? { code: "internal", message: response.status === 403 ? "Your session has expired: sign in again in another tab, then keep editing" : `${response.status} ${response.statusText}` });
  return json;
}

export const saveDraft = (id: string, source: string, scenarios: DraftScenario[], expectedVersion: number) =>
  post<{ draft: { version: number; updatedBy: string; updatedAt: string } }>(id, { intent: "save", source, scenarios, expectedVersion });

export const checkDraft = (id: string) => post<{ check: PublishCheck }>(id, { intent: "check" });

export const publishDraft = (id: string, expectedVersion: number) =>
  post<{ version: { number: number; serviceId: string; unchanged: boolean }; draft: { version: number }; check: PublishCheck }>(id, { intent: "publish", expectedVersion });

export async function loadDraft(id: string) {
  const response = await fetch(`/studio/api/drafts/${id}`);
  if (!response.ok) {
    const json = (await response.json().catch(() => ({}))) as { error?: ApiError };
    throw new DraftApiError(response.status, json.error ?? { code: "internal", message: `Could not load the draft (${response.status})` });
  }
  return ((await response.json()) as { draft: { source: string; scenarios: DraftScenario[]; version: number; updatedBy: string } }).draft;
}

export interface PublishCheck {
  issues: { severity: string; message: string; line: number; column: number; code: string }[];
  scenarios: { name: string; passed: boolean; failures: string[]; problems?: CodedMessage[]; visited: string[] }[];
  uncoveredPaths: string[][];
  /** Outcome edges (step.outcome → target) no scenario takes and no waiver covers. */
  uncoveredEdges: string[];
  waivedEdges: string[];
  blockers: string[];
  /** The blockers by code, for the analyst's language (a server older than codes sends only `blockers`). */
  problems?: CodedMessage[];
}
