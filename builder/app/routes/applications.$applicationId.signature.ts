/**
 * Where the signing provider sends the citizen back (?requestId=…): the provider's answer is fetched server to
 * server, verified and applied (safe to repeat: a request is settled once), then the application page says
 * how it went. The citizen's own applications only (anyone else: not found).
 */
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireCitizen } from "../auth/guards.server";
import { completeSigning } from "../data/signatures.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireCitizen(request, context);
  const id = params.applicationId ?? "";
  const requestId = new URL(request.url).searchParams.get("requestId") ?? "";
  const notice = await completeSigning(context.runtime, user, id, requestId);
  return redirect(`/applications/${encodeURIComponent(id)}?notice=${notice}`);
}
