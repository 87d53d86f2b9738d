/**
 * The live test run's calls (builder/app/studio/testrun/live.server.ts). POST { source, run, given }: the
 * server replays the run in the simulator and calls the registry (or handler) of the step it waits at; the
 * answer is the reply to give it, with the input the draft computed for the call. An analyst's JSON with the
 * CSRF header, bounded like the studio's saves. A registry that is down is the step's error or timeout
 * outcome (200), not a failed request.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { analystOf, errorResponse, readJson } from "../studio/server/http.server";
import { liveRunsEnabled, liveStep, parseLiveRunRequest } from "../studio/testrun/live.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await analystOf(request, context);
  return Response.json({ enabled: liveRunsEnabled() });
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  try {
    const { body, by } = await readJson(request, context);
    if (!liveRunsEnabled()) {
      return Response.json({ error: { code: "forbidden", message: "Live test runs are off on this server: the registries are real ones (set STUDIO_LIVE_RUN=1 to allow)" } }, { status: 403 });
    }
    await context.runtime.drafts.get(params.draftId!); // only for a draft that exists
    const answer = await liveStep(context, params.draftId!, parseLiveRunRequest(body), by);
    return Response.json(answer);
  } catch (error) {
    if (error instanceof Response) return error;
    return errorResponse(error);
  }
}
