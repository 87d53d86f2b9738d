/** The editor's calls for working together (/studio/api/drafts/:id/collab) and the live test run (/live). */
import { currentCsrfToken, DraftApiError, type ApiError } from "../editor/api";
import type { CollabStateJson, LiveAnswerJson } from "./types";

async function send<T>(url: string, body: Record<string, unknown>, keepalive = false): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": currentCsrfToken() },
    body: JSON.stringify(body),
    keepalive,
  });
  const json = (await response.json().catch(() => ({}))) as { error?: ApiError } & T;
  if (!response.ok) throw new DraftApiError(response.status, json.error ?? { code: "internal", message: response.status === 403 ? "Your session has expired: sign in again" : response.statusText });
  return json;
}

export async function getCollab(draftId: string, withDiff = false): Promise<CollabStateJson> {
  const response = await fetch(`/studio/api/drafts/${draftId}/collab${withDiff ? "?diff=1" : ""}`);
  const json = (await response.json().catch(() => ({}))) as { error?: ApiError } & CollabStateJson;
  if (!response.ok) throw new DraftApiError(response.status, json.error ?? { code: "internal", message: response.statusText });
  return json;
}

export const postCollab = (draftId: string, body: Record<string, unknown>, keepalive = false) => send<CollabStateJson>(`/studio/api/drafts/${draftId}/collab`, body, keepalive);

export const liveCall = (draftId: string, body: Record<string, unknown>) => send<LiveAnswerJson>(`/studio/api/drafts/${draftId}/live`, body);
