/**
 * Straight on after signing: a signed application whose next resting step is a payment sends the citizen
 * from the signing provider straight to the checkout (sign, then pay, as in Diia), without the payment
 * step's own page. The steps between are the service's own work (a fee calculated by a task, a registry
 * call), usually done within a moment: the return waits for them a little, and when they take longer (or
 * the application goes elsewhere) the citizen lands on the application's page, which follows them as before.
 */
import { stepModule, viewsOf, type Runtime } from "../../../runtime";
import type { CitizenUser } from "../auth/types";
import type { Lang } from "../i18n/lang";
import { accessTo } from "./applications.server";
import { startPayment } from "./payments.server";
import { definitionOfVersion } from "./services.server";

/** How long the return waits for the service's own steps, and how often it looks. */
const WAIT_MS = 5_000;
const EVERY_MS = 100;

/** The checkout's address when the applicant's application now waits for a payment, else null. */
export async function checkoutAfterSigning(runtime: Runtime, user: CitizenUser, applicationId: string, request: Request, lang: Lang, waitMs = WAIT_MS): Promise<string | null> {
  // The applicant pays; a party who signed goes back to the application's page.
  if ((await accessTo(runtime, user, applicationId)).access.kind !== "applicant") return null;
  const records = viewsOf(runtime).applications;
  const until = Date.now() + waitMs;
  for (;;) {
    const row = await records.row(applicationId);
    const step = row && (await definitionOfVersion(runtime, row.serviceVersionId))?.steps[row.currentStep];
    if (!row || !step) return null;
    if (step.kind === "payment") {
      const checkout = await startPayment(runtime, user, applicationId, request, lang);
      return checkout.ok ? checkout.checkoutUrl : null;
    }
    // Only the service's own work is waited for, never a citizen, an officer or an incident.
    if (row.status !== "processing" || stepModule(step).waitsFor !== "service" || Date.now() >= until) return null;
    await new Promise((resolve) => setTimeout(resolve, EVERY_MS));
  }
}
