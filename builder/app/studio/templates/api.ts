/** The designer's calls to its template's JSON endpoints (/studio/api/templates/:id and …/preview). */
import type { Lang } from "../../i18n/lang";
import { pageLang } from "../editor/api";
import { apiError, codedText, type ApiErrorBody, type CodedMessage } from "../i18n/coded";

export type ApiError = ApiErrorBody;

/** A refused call: `message` in the studio's language; the server's code and English words in `error`. */
export class TemplateApiError extends Error {
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

export interface DraftJson {
  id: string;
  definition: Record<string, unknown>;
  revision: number;
  basedOn: number | null;
  updatedAt: string;
  updatedBy: string;
  /** Its problems (checkTemplate's), by code for the analyst's language; `message` in English. */
  problems: CodedMessage[];
}

export interface VersionJson {
  id: string;
  version: number;
  hash: string;
  publishedAt: string;
  publishedBy: string;
}

const url = (id: string) => `/studio/api/templates/${encodeURIComponent(id)}`;

async function failure(response: Response): Promise<TemplateApiError> {
  const json = (await response.json().catch(() => ({}))) as { error?: ApiError };
  const fallback = response.status === 403 ? "Your session has expired: sign in again in another tab, then keep editing" : `${response.status} ${response.statusText}`;
  return new TemplateApiError(response.status, json.error ?? { code: "internal", message: fallback });
}

async function send<T>(id: string, method: "PUT" | "POST", csrf: string, body: Record<string, unknown>): Promise<T> {
  const response = await fetch(url(id), { method, headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf }, body: JSON.stringify(body) });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

export const saveTemplate = (id: string, csrf: string, definition: unknown, expectedRevision: number) => send<{ draft: DraftJson }>(id, "PUT", csrf, { definition, expectedRevision });

export const publishTemplate = (id: string, csrf: string) => send<{ version: { version: number; hash: string }; versions: VersionJson[] }>(id, "POST", csrf, { intent: "publish" });

export async function loadTemplate(id: string): Promise<{ draft: DraftJson; versions: VersionJson[] }> {
  const response = await fetch(url(id));
  if (!response.ok) throw await failure(response);
  return (await response.json()) as { draft: DraftJson; versions: VersionJson[] };
}

/** The real PDF of a definition with sample data. */
export async function previewTemplate(id: string, csrf: string, definition: unknown, signal?: AbortSignal): Promise<ArrayBuffer> {
  const response = await fetch(`${url(id)}/preview`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify({ definition }),
    signal,
  });
  if (!response.ok) throw await failure(response);
  return response.arrayBuffer();
}
