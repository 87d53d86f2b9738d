/** A citizen's detached signature (.p7s, DER CMS) for an officer who may see the application. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOfficer } from "../auth/guards.server";
import { signatureFile } from "../data/signatures.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const officer = await requireOfficer(request, context);
  const { bytes, name } = await signatureFile(context.runtime, officer, params.applicationId ?? "", params.signatureId ?? "");
  return new Response(Buffer.from(bytes), {
    headers: {
      "content-type": "application/pkcs7-signature",
      "content-disposition": `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
