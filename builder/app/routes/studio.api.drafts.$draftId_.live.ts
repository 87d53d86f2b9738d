/**
 * The live test run's calls (builder/app/studio/testrun/live.server.ts). POST { source, run, given }: the
 * server replays the run in the simulator and calls the registry (or handler) of the step it waits at; the
 * answer is the reply to give it, with the input the draft computed for the call. An analyst's JSON with the
 * CSRF header, bounded like the studio's saves. A registry that is down is the step's error or timeout
 * outcome (200), not a failed request. Against real registries only analysts with the "live-run" role may
 * (liveRunAccess); a refusal is 403 with the reason as a code and the message in the studio's language.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireAnalyst } from "../auth/guards.server";
import { languageOf } from "../i18n/lang.server";
import { st } from "../studio/i18n/messages";
import { errorResponse, readJson } from "../studio/server/http.server";
import { LIVE_RUN_REFUSAL_KEYS, LIVE_RUN_ROLE, liveRunAccess, liveStep, parseLiveRunRequest, type LiveRunRefusal } from "../studio/testrun/live.server";

/** Why this analyst may not run live, in the studio's language; the reason stays as a code. */
const refusal = (request: Request, reason: LiveRunRefusal) => ({ code: "forbidden", message: st(languageOf(request), LIVE_RUN_REFUSAL_KEYS[reason], { role: LIVE_RUN_ROLE }), details: { reason } });

/** Whether the signed-in analyst may run live here ({ enabled, registries } or { enabled: false, reason, message }). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAnalyst(request, context);
  const access = liveRunAccess(user.profile.roles);
  return Response.json(access.allowed ? { enabled: true, registries: access.registries } : { enabled: false, ...refusal(request, access.reason) });
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  try {
    const { body, by } = await readJson(request, context);
    const access = liveRunAccess((await requireAnalyst(request, context)).profile.roles);
    if (!access.allowed) return Response.json({ error: refusal(request, access.reason) }, { status: 403 });
    await context.runtime.drafts.get(params.draftId!); // only for a draft that exists
    const answer = await liveStep(context, params.draftId!, parseLiveRunRequest(body), by);
    return Response.json(answer);
  } catch (error) {
    if (error instanceof Response) return error;
    return errorResponse(error);
  }
}
