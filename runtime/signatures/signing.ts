/**
 * The `sign` step on a signing provider modelled on Diia.Signature (the stand-in in development and tests):
 *
 * 1. `start()`: while the application is at a sign step, its content (content.ts) is hashed and a sign request
 *    is sent `{ hash, taxId, name, returnUrl, description }` → `{ requestId, confirmUrl }`; a pending
 *    Signature row remembers the request with the step entry and the exact canonical JSON.
 * 2. The citizen signs (or declines) on the provider's page and comes back to the return URL with `requestId`.
 * 3. `complete()`: the provider is asked server to server (GET /sign-requests/{id}); a signature is verified
 *    (verifyCadesDetached: the digest is the stored hash, the chain ends at a trusted root, valid at signing
 *    time, and the signer's tax number is the applicant's); a valid one is stored and feeds `signed` (the
 *    audit event carries the signer and certificate), a declined request feeds `declined` when the step has
 *    that way out. An invalid signature is stored as `invalid` with its reason and moves nothing: the citizen
 *    may sign again. Everything is applied only while the application is still in the request's step entry,
 *    and a request is settled once, so repeating `complete()` changes nothing.
 */
import { randomUUID } from "node:crypto";
import { localize } from "../../engine";
import { StaleStepError, type Transitions } from "../applications/transition";
import { isFinished } from "../applications/status";
import type { Clock } from "../clock";
import type { Db } from "../db/open";
import { isRuntimeError, RuntimeError } from "../errors";
import type { ServiceVersions } from "../services/versions";
import { verifyCadesDetached } from "./cades";
import { signContent } from "./content";

export interface SigningConfig {
  /** The provider's API (the stand-in's URL in development). */
  providerUrl: string;
  apiKey: string;
  /** Root certificates (PEM) a citizen's signing certificate must chain to (the trust services' CAs). */
  trustedRootsPem: string[];
}

export type SignatureRow = NonNullable<Awaited<ReturnType<Db["signature"]["findUnique"]>>>;

export interface SignStart {
  requestId: string;
  confirmUrl: string;
  contentSha256: string;
}

export interface SignCompletion {
  /** What the provider said, or `invalid` when the signature did not verify. */
  status: "pending" | "signed" | "declined" | "expired" | "invalid";
  /** True only when this call moved the application. */
  applied: boolean;
  reason?: string;
}

/** What the application's data holds under the sign step's name once signed. */
export function signedData(row: SignatureRow) {
  return {
    status: "signed",
    signatureId: row.id,
    signedAt: row.signedAt?.toISOString() ?? null,
    contentSha256: row.contentSha256,
    signer: { name: row.signerName, taxId: row.signerTaxId },
    certificate: { serial: row.certificateSerial, issuer: row.certificateIssuer },
    verified: row.verified,
  };
}

export class RuntimeSigning {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly versions: ServiceVersions,
    private readonly transitions: Transitions,
    private readonly config: SigningConfig,
  ) {}

  /** A new sign request for the application's current sign step (only its applicant's, only at a sign step). */
  async start(applicationId: string, applicantId: string, options: { returnUrl: string; language?: string }): Promise<SignStart> {
    const app = await this.db.application.findUnique({ where: { id: applicationId } });
    if (!app || app.applicantId !== applicantId) throw new RuntimeError("not_found", `No application "${applicationId}" of this applicant`);
    const definition = (await this.versions.get(app.serviceVersionId)).compiled.definition;
    const step = definition.steps[app.currentStep];
    if (isFinished(app.status) || app.status === "incident" || step?.kind !== "sign") {
      throw new RuntimeError("event_not_allowed", `The application is at step "${app.currentStep}", which takes no signature`, { step: app.currentStep });
    }
    const data = JSON.parse(app.data) as Record<string, unknown>;
    let content: ReturnType<typeof signContent>;
    try {
      content = signContent(step, data);
    } catch (error) {
      throw new RuntimeError("internal", `The content of sign step "${app.currentStep}" could not be evaluated: ${(error as Error).message}`);
    }
    const applicant = applicantOf(data);
    if (!applicant.taxId) throw new RuntimeError("internal", "The applicant has no tax number to sign with");
    const main = definition.languages[0];
    const language = options.language ?? main;
    const description = [localize(definition.title, language, main), localize(step.title, language, main)].filter(Boolean).join(": ");
    const response = await fetch(`${this.config.providerUrl}/sign-requests`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${this.config.apiKey}` },
      body: JSON.stringify({ hash: content.sha256, taxId: applicant.taxId, name: applicant.name, returnUrl: options.returnUrl, description }),
      redirect: "manual",
    });
    if (response.status !== 201 && response.status !== 200) throw new RuntimeError("internal", `The signing provider answered ${response.status}: ${await response.text()}`);
    const created = (await response.json()) as { requestId: string; confirmUrl: string };
    await this.db.signature.create({
      data: {
        id: randomUUID(),
        applicationId,
        step: app.currentStep,
        stepEntry: app.stepEntry,
        requestId: created.requestId,
        status: "pending",
        content: content.canonical,
        contentSha256: content.sha256Hex,
        createdAt: this.clock.now(),
      },
    });
    return { requestId: created.requestId, confirmUrl: created.confirmUrl, contentSha256: content.sha256Hex };
  }

  /** The provider's answer to a request of this applicant's application: verified, stored, fed once. */
  async complete(applicationId: string, applicantId: string, requestId: string): Promise<SignCompletion> {
    const row = await this.db.signature.findUnique({ where: { requestId } });
    const app = await this.db.application.findUnique({ where: { id: applicationId } });
    if (!row || !app || row.applicationId !== applicationId || app.applicantId !== applicantId) {
      throw new RuntimeError("not_found", `No sign request "${requestId}" of this application`);
    }
    if (row.status !== "pending") return { status: row.status as SignCompletion["status"], applied: await this.feed(row), reason: row.reason ?? undefined };
    const response = await fetch(`${this.config.providerUrl}/sign-requests/${encodeURIComponent(requestId)}`, {
      headers: { authorization: `Bearer ${this.config.apiKey}` },
      redirect: "manual",
    });
    if (response.status !== 200) throw new RuntimeError("internal", `The signing provider answered ${response.status}: ${await response.text()}`);
    const answer = (await response.json()) as { status?: string; signature?: string };
    const now = this.clock.now();
    if (answer.status === "declined" || answer.status === "expired") {
      await this.settle(row.id, { status: answer.status, settledAt: now });
    } else if (answer.status === "signed" && typeof answer.signature === "string") {
      const der = Buffer.from(answer.signature, "base64");
      const applicant = applicantOf(JSON.parse(app.data) as Record<string, unknown>);
      const check = await verifyCadesDetached(der, Buffer.from(row.contentSha256, "hex"), this.config.trustedRootsPem, { expectedTaxId: applicant.taxId });
      await this.settle(row.id, {
        status: check.valid ? "signed" : "invalid",
        verified: check.valid,
        reason: check.reason ?? null,
        signature: der,
        signerTaxId: check.signer?.taxId || null,
        signerName: check.signer?.name ?? null,
        certificateSerial: check.signer?.serial ?? null,
        certificateIssuer: check.signer?.issuer ?? null,
        signedAt: check.signedAt ? new Date(check.signedAt) : null,
        settledAt: now,
      });
    } else return { status: "pending", applied: false };
    const settled = await this.db.signature.findUniqueOrThrow({ where: { id: row.id } });
    return { status: settled.status as SignCompletion["status"], applied: await this.feed(settled), reason: settled.reason ?? undefined };
  }

  /** The signatures of an application (requests included), newest first. */
  ofApplication(applicationId: string) {
    return this.db.signature.findMany({ where: { applicationId }, orderBy: { createdAt: "desc" } });
  }

  /** Settles a pending request once (a conditional update: a concurrent completion finds it settled). */
  private async settle(id: string, data: Parameters<Db["signature"]["updateMany"]>[0]["data"]): Promise<void> {
    await this.db.signature.updateMany({ where: { id, status: "pending" }, data });
  }

  /** Feeds a settled request's outcome to its application while it is still in the request's step entry. */
  private async feed(row: SignatureRow): Promise<boolean> {
    const outcome = row.status === "signed" ? "signed" : row.status === "declined" ? "declined" : undefined;
    if (!outcome) return false;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.transitions.apply({
          applicationId: row.applicationId,
          event: { type: `outcome.${outcome}`, data: outcome === "signed" ? signedData(row) : { status: "declined" } },
          actor: "signing",
          expectStep: { step: row.step, entry: row.stepEntry },
          detail:
            outcome === "signed"
              ? { signatureId: row.id, requestId: row.requestId, signer: row.signerName, certificateSerial: row.certificateSerial, certificateIssuer: row.certificateIssuer, contentSha256: row.contentSha256, verified: row.verified }
              : { requestId: row.requestId },
        });
        return true;
      } catch (error) {
        if (error instanceof StaleStepError) return false; // moved on already (a repeat, or another request)
        // Declining a step without a `declined` way out: the application keeps waiting for a signature.
        if (isRuntimeError(error, "event_not_allowed")) return false;
        if (isRuntimeError(error, "stale_version") && attempt < 5) continue;
        throw error;
      }
    }
  }
}

function applicantOf(data: Record<string, unknown>): { taxId: string; name: string } {
  const applicant = (data.applicant ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  return { taxId: text(applicant.taxId), name: [applicant.lastName, applicant.firstName, applicant.middleName].map(text).filter(Boolean).join(" ") };
}
