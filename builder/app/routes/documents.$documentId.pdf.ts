/** The document's PDF (the holder's only), as issued: same bytes every time; the owner header lets the service worker keep it for this person. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCitizen } from "../auth/guards.server";
import { myDocumentPdf } from "../data/documents.server";
import { ownerHeaders } from "../offline/owner.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireCitizen(request, context);
  const { pdf, filename } = await myDocumentPdf(context.runtime, user, params.documentId ?? "");
  return new Response(Buffer.from(pdf), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      ...ownerHeaders(user),
    },
  });
}
