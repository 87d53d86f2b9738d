/**
 * What the service worker keeps for the signed-in citizen (offline/worker-core.ts asks after each navigation): the
 * owner key, a version that changes when a kept page would read differently, and the document addresses. Anyone
 * else is sent to sign in, like every citizen page (the worker does not follow the redirect, and keeps nothing new).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createHash } from "node:crypto";
import { requireCitizen } from "../auth/guards.server";
import { myDocuments } from "../data/documents.server";
import { languageOf } from "../i18n/lang.server";
import { offlineOwner } from "../offline/owner.server";
import { offlinePaths, type OfflineManifest } from "../offline/policy";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireCitizen(request, context);
  const lang = languageOf(request);
  const documents = await myDocuments(context.runtime, user, lang);
  const version = createHash("sha256")
    .update(JSON.stringify([lang, documents.map((d) => [d.id, d.status, d.expiresAt])]))
    .digest("hex")
    .slice(0, 16);
  const body: OfflineManifest = { owner: offlineOwner(user), version, paths: offlinePaths(documents.map((d) => d.id)) };
  return Response.json(body, { headers: { "cache-control": "no-store" } });
}
