/**
 * Working together on a draft (builder/app/studio/collab). GET: who is here, the comments, the review and the
 * service's setting (?diff=1 adds the semantic diff against the published version, for the reviewer).
 * POST (an analyst's JSON, CSRF header): { intent: "heartbeat", version } | { intent: "leave" } |
 * { intent: "comment", step, text } | { intent: "resolve", commentId, resolved } | { intent: "request-review", comment? } |
 * { intent: "decide", reviewId, decision: "approve" | "request_changes", comment? } | { intent: "require-review", value } (admins).
 * Every answer is the new state.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { languageOf } from "../i18n/lang.server";
import { collabNotice, noticeError } from "../../../runtime";
import { collabState, reviewDiff, staffOf } from "../studio/collab/collab.server";
import { errorResponse, intOf, readJson } from "../studio/server/http.server";

const BODY_LIMIT = 20_000;

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const me = await staffOf(request, context);
  try {
    const draft = await context.runtime.drafts.get(params.draftId!);
    const state = await collabState(context, draft, me);
    const diff = new URL(request.url).searchParams.get("diff") === "1" ? await reviewDiff(context, draft, languageOf(request)) : undefined;
    return Response.json({ ...state, ...(diff ? { diff } : {}) });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const id = params.draftId!;
  const collab = context.runtime.drafts.collaboration;
  try {
    const me = await staffOf(request, context);
    const { body } = await readJson(request, context, BODY_LIMIT);
    const text = (v: unknown) => (typeof v === "string" ? v : undefined);
    switch (body.intent) {
      case "heartbeat":
        await collab.heartbeat(id, me, intOf(body.version) ?? 0);
        break;
      case "leave":
        await collab.leave(id, me);
        return Response.json({ left: true });
      case "comment":
        await collab.comment(id, text(body.step) ?? "", me, text(body.text) ?? "");
        break;
      case "resolve":
        await collab.resolve(id, text(body.commentId) ?? "", me, body.resolved !== false);
        break;
      case "request-review":
        await collab.requestReview(id, me, text(body.comment));
        break;
      case "decide": {
        const decision = body.decision === "approve" ? "approve" : body.decision === "request_changes" ? "request_changes" : undefined;
        if (!decision) return errorResponse(noticeError("invalid_data", collabNotice("decideHow")));
        await collab.decide(id, text(body.reviewId) ?? "", me, decision, text(body.comment));
        break;
      }
      case "require-review": {
        if (!me.admin) return errorResponse(noticeError("forbidden", collabNotice("ownerOnly")));
        const draft = await context.runtime.drafts.get(id);
        await collab.setRequireReview(draft.serviceId, body.value === true, me.name);
        break;
      }
      default:
        return errorResponse(noticeError("invalid_data", collabNotice("unknownIntent")));
    }
    const draft = await context.runtime.drafts.get(id);
    return Response.json(await collabState(context, draft, me));
  } catch (error) {
    if (error instanceof Response) return error;
    return errorResponse(error);
  }
}
