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
import { localize, signingParties, type ServiceDefinition, type SignStep } from "../../engine";
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

  /**
   * A new sign request for the application's current sign step: its applicant's, or a party's whose role the
   * step's `parties` names (`signerId` is the citizen's id either way); only at a sign step.
   */
  async start(applicationId: string, signerId: string, options: { returnUrl: string; language?: string }): Promise<SignStart> {
    const app = await this.db.application.findUnique({ where: { id: applicationId } });
    const party = app && app.applicantId !== signerId ? await this.db.applicationParty.findFirst({ where: { applicationId, citizenId: signerId, status: "accepted" } }) : null;
    if (!app || (app.applicantId !== signerId && !party)) throw new RuntimeError("not_found", `No application "${applicationId}" of this applicant`);
    const definition = (await this.versions.get(app.serviceVersionId)).compiled.definition;
    const step = definition.steps[app.currentStep];
    // A party has nothing to sign but a sign step that names their role: anything else is not theirs.
    if (party && !(step?.kind === "sign" && signingParties(step.parties, definition.parties).includes(party.role))) {
      throw new RuntimeError("not_found", `No application "${applicationId}" of this applicant`);
    }
    if (isFinished(app.status) || app.status === "incident" || step?.kind !== "sign") {
      throw new RuntimeError("event_not_allowed", `The application is at step "${app.currentStep}", which takes no signature`, { step: app.currentStep });
    }
    const signers = signersOf(definition, step, JSON.parse(app.data) as Record<string, unknown>);
    const signer = signers.find((s) => (party ? s.role === party.role : s.role === APPLICANT));
    if (!signer) throw new RuntimeError("not_found", `No application "${applicationId}" of this applicant`);
    const already = await this.db.signature.findFirst({ where: { applicationId, step: app.currentStep, stepEntry: app.stepEntry, status: "signed", signerTaxId: signer.taxId } });
    if (already) throw new RuntimeError("event_not_allowed", "You have signed this already: the others' signatures are awaited");
    const data = JSON.parse(app.data) as Record<string, unknown>;
    let content: ReturnType<typeof signContent>;
    try {
      content = signContent(step, data);
    } catch (error) {
      throw new RuntimeError("internal", `The content of sign step "${app.currentStep}" could not be evaluated: ${(error as Error).message}`);
    }
    const applicant = signer;
    if (!applicant.taxId) throw new RuntimeError("internal", `The ${signer.role} has no tax number to sign with`);
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

  /** The provider's answer to a request of this applicant's (or party's) application: verified, stored, fed once. */
  async complete(applicationId: string, signerId: string, requestId: string): Promise<SignCompletion> {
    const row = await this.db.signature.findUnique({ where: { requestId } });
    const app = await this.db.application.findUnique({ where: { id: applicationId } });
    const party = app && app.applicantId !== signerId ? await this.db.applicationParty.findFirst({ where: { applicationId, citizenId: signerId, status: "accepted" } }) : null;
    if (!row || !app || row.applicationId !== applicationId || (app.applicantId !== signerId && !party)) {
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
      // The signer must be the citizen who completes: the applicant, or the party in their role.
      const definition = (await this.versions.get(app.serviceVersionId)).compiled.definition;
      const step = definition.steps[row.step];
      const data = JSON.parse(app.data) as Record<string, unknown>;
      const signer = step?.kind === "sign" ? signersOf(definition, step, data).find((s) => (party ? s.role === party.role : s.role === APPLICANT)) : undefined;
      const expectedTaxId = signer?.taxId ?? (party ? "" : applicantOf(data).taxId);
      const check = await verifyCadesDetached(der, Buffer.from(row.contentSha256, "hex"), this.config.trustedRootsPem, { expectedTaxId });
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

  /**
   * With parties to sign too, `signed` waits for every signer's verified signature of this step entry; the
   * last one to complete feeds it (each reads after its own settlement, so the last sees them all). The data
   * is the applicant's signature with the parties' under `parties` by role.
   */
  private async allSigned(row: SignatureRow): Promise<{ data: Record<string, unknown> } | undefined> {
    const app = await this.db.application.findUnique({ where: { id: row.applicationId } });
    if (!app) return undefined;
    const definition = (await this.versions.get(app.serviceVersionId)).compiled.definition;
    const step = definition.steps[row.step];
    if (step?.kind !== "sign" || !signingParties(step.parties, definition.parties).length) return { data: signedData(row) };
    const signers = signersOf(definition, step, JSON.parse(app.data) as Record<string, unknown>);
    const rows = await this.db.signature.findMany({ where: { applicationId: row.applicationId, step: row.step, stepEntry: row.stepEntry, status: "signed", verified: true } });
    const byTaxId = new Map(rows.map((r) => [r.signerTaxId, r]));
    if (signers.some((s) => !s.taxId || !byTaxId.has(s.taxId))) return undefined;
    const of = (role: string) => byTaxId.get(signers.find((s) => s.role === role)!.taxId)!;
    return { data: { ...signedData(of(APPLICANT)), parties: Object.fromEntries(signers.filter((s) => s.role !== APPLICANT).map((s) => [s.role, signedData(of(s.role))])) } };
  }

  /** Feeds a settled request's outcome to its application while it is still in the request's step entry. */
  private async feed(row: SignatureRow): Promise<boolean> {
    const outcome = row.status === "signed" ? "signed" : row.status === "declined" ? "declined" : undefined;
    if (!outcome) return false;
    const signed = outcome === "signed" ? await this.allSigned(row) : undefined;
    if (outcome === "signed" && !signed) return false; // the others' signatures are awaited
    for (let attempt = 0; ; attempt++) {
      try {
        await this.transitions.apply({
          applicationId: row.applicationId,
          event: { type: `outcome.${outcome}`, data: signed ? signed.data : { status: "declined" } },
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

const APPLICANT = "applicant";

/**
 * Who signs at a sign step: the applicant, then each party the step names (`parties`), with the tax number
 * and name they sign with (a party's from their acceptance, saved under their invite step's name).
 */
export function signersOf(definition: ServiceDefinition, step: SignStep, data: Record<string, unknown>): { role: string; taxId: string; name: string }[] {
  const signers = [{ role: APPLICANT, ...applicantOf(data) }];
  for (const role of signingParties(step.parties, definition.parties)) {
    const invite = Object.entries(definition.steps).find(([, s]) => s.kind === "invite" && s.role === role);
    const saved = invite ? (data[(invite[1] as { saveAs?: string }).saveAs ?? invite[0]] as { person?: Record<string, unknown> } | undefined) : undefined;
    const person = saved?.person ?? {};
    const text = (value: unknown) => (typeof value === "string" ? value : "");
    signers.push({ role, taxId: text(person.taxId), name: [person.lastName, person.firstName, person.middleName].map(text).filter(Boolean).join(" ") });
  }
  return signers;
}

function applicantOf(data: Record<string, unknown>): { taxId: string; name: string } {
  const applicant = (data.applicant ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  return { taxId: text(applicant.taxId), name: [applicant.lastName, applicant.firstName, applicant.middleName].map(text).filter(Boolean).join(" ") };
}
