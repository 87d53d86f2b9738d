/**
 * Where the signing provider sends the citizen back (?requestId=…): the provider's answer is fetched server to
 * server, verified and applied (safe to repeat: a request is settled once), then the application page says
 * how it went, or, signed and now waiting for a payment (a fee calculated meanwhile), the checkout opens at
 * once. The citizen's own applications only (anyone else: not found).
 */
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireCitizen } from "../auth/guards.server";
import { completeSigning } from "../data/signatures.server";
import { checkoutAfterSigning } from "../data/straight-on.server";
import { languageOf } from "../i18n/lang.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireCitizen(request, context);
  const id = params.applicationId ?? "";
  const requestId = new URL(request.url).searchParams.get("requestId") ?? "";
  const notice = await completeSigning(context.runtime, user, id, requestId);
  const checkout = notice === "signed" ? await checkoutAfterSigning(context.runtime, user, id, request, languageOf(request)) : null;
  return redirect(checkout ?? `/applications/${encodeURIComponent(id)}?notice=${notice}`);
}
