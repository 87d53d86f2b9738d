/**
 * The sign step in the portal and the office (runtime/signatures): the citizen is sent to the signing
 * provider's confirmation page (Diia.Signature, the stand-in in development) and comes back to
 * /applications/:id/signature?requestId=…, where the provider's answer is fetched, verified and applied; the
 * officer sees who signed, when, with which certificate, whether it verified, and can download the .p7s.
 */
import { viewsOf, type Runtime } from "../../../runtime";
import { isOfficerRole, type CitizenUser, type StaffUser } from "../auth/types";
import type { Lang } from "../i18n/lang";
import { accessTo } from "./applications.server";
import { hideForeign, notFound, runtimeErrorCode } from "./errors.server";
import { publicBaseUrl } from "./payments.server";

export type SignStartResult = { ok: true; confirmUrl: string } | { ok: false };

export async function startSigning(runtime: Runtime, user: CitizenUser, applicationId: string, request: Request, lang: Lang): Promise<SignStartResult> {
  // The applicant, or a party: the runtime says whether this citizen signs here (a sign step's `parties`).
  const { access } = await accessTo(runtime, user, applicationId);
  // Without a signing provider nobody signs: for a party, as for anyone not signing here, "not found".
  if (!runtime.signing) {
    if (access.kind === "party") throw notFound();
    return { ok: false };
  }
  try {
    const started = await runtime.signStart(applicationId, user.applicantId, { returnUrl: `${publicBaseUrl(request)}/applications/${applicationId}/signature`, language: lang });
    return { ok: true, confirmUrl: started.confirmUrl };
  } catch (error) {
    const code = runtimeErrorCode(error);
    if (code === "event_not_allowed" || code === "internal" || code === "stale_version") return { ok: false };
    return hideForeign(error);
  }
}

/** The notice the application page shows after the citizen came back from the provider. */
export type SignNotice = "signed" | "signDeclined" | "signInvalid" | "sign";

export async function completeSigning(runtime: Runtime, user: CitizenUser, applicationId: string, requestId: string): Promise<SignNotice> {
  const { access } = await accessTo(runtime, user, applicationId);
  if (!runtime.signing && access.kind === "party") throw notFound();
  if (!runtime.signing || !/^[\w-]{1,100}$/.test(requestId)) return "sign";
  try {
    const result = await runtime.signComplete(applicationId, user.applicantId, requestId);
    if (result.status === "signed") return "signed";
    if (result.status === "declined") return "signDeclined";
    if (result.status === "invalid") return "signInvalid";
    return "sign";
  } catch (error) {
    const code = runtimeErrorCode(error);
    // The application is the citizen's (checked above): an unknown request id is only a stale or forged link.
    if (code === "not_found" || code === "internal" || code === "stale_version") return "sign";
    return hideForeign(error);
  }
}

export interface OfficeSignature {
  id: string;
  step: string;
  status: string;
  signerName: string;
  /** The tax number with its middle hidden (30••••••78). */
  signerTaxId: string;
  signedAt: string | null;
  certificateIssuer: string;
  certificateSerial: string;
  contentSha256: string;
  verified: boolean;
  reason: string | null;
  downloadable: boolean;
}

export const maskTaxId = (taxId: string | null | undefined) => (taxId && taxId.length > 4 ? `${taxId.slice(0, 2)}${"•".repeat(taxId.length - 4)}${taxId.slice(-2)}` : (taxId ?? ""));

/** Signatures (not open requests) of an application the officer may see. */
export async function officeSignatures(runtime: Runtime, applicationId: string): Promise<OfficeSignature[]> {
  const rows = await runtime.signatures(applicationId);
  return rows
    .filter((row) => row.status === "signed" || row.status === "invalid")
    .map((row) => ({
      id: row.id,
      step: row.step,
      status: row.status,
      signerName: row.signerName ?? "",
      signerTaxId: maskTaxId(row.signerTaxId),
      signedAt: row.signedAt?.toISOString() ?? null,
      certificateIssuer: row.certificateIssuer ?? "",
      certificateSerial: row.certificateSerial ?? "",
      contentSha256: row.contentSha256,
      verified: row.verified,
      reason: row.reason,
      downloadable: Boolean(row.signature),
    }));
}

/** The detached signature (.p7s) for an officer who may see the application (else not found). */
export async function signatureFile(runtime: Runtime, officer: StaffUser, applicationId: string, signatureId: string): Promise<{ bytes: Uint8Array; name: string }> {
  // As for the application itself: only through a task for one of the officer's roles.
  const records = viewsOf(runtime).applications;
  const tasks = await records.officerTasks(applicationId, officer.profile.roles.filter(isOfficerRole));
  const app = tasks.length ? await records.row(applicationId) : null;
  if (!app) throw notFound();
  const row = (await runtime.signatures(applicationId)).find((s) => s.id === signatureId);
  if (!row?.signature) throw notFound();
  await records.recordAccess({ applicationId, applicantId: app.applicantId, actor: `officer:${officer.accountId}`, action: "download", purpose: "signature (.p7s)" });
  return { bytes: new Uint8Array(row.signature), name: `signature-${applicationId.slice(0, 8)}-${row.step}.p7s` };
}
