/** An appointment of the application as an iCalendar file (RFC 5545), for its applicant only (anyone else: 404). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCitizen } from "../auth/guards.server";
import { appointmentIcs } from "../data/bookings.server";
import { languageOf } from "../i18n/lang.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireCitizen(request, context);
  const { text, filename } = await appointmentIcs(context.runtime, user, params.applicationId ?? "", params.bookingId ?? "", languageOf(request));
  return new Response(text, {
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
