/**
 * A sign step end to end on the stand-in signing provider: the request carries the content's hash, the
 * citizen signs on the provider's page, the signature is fetched server to server, verified, stored, and
 * moves the application once; a declined request takes `declined`; a signature by someone else is refused.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ServiceDefinition } from "../../engine";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";
import { createTrustServiceCa, issueSigningCertificate, startStandInSigningProvider, type SigningCredentials } from "../../stand-ins";
import { verifyCadesDetached } from "./cades";

const API_KEY = "signing-key";

const service = {
  schemaVersion: 1,
  id: "signed-request",
  title: "Signed request",
  languages: ["en"],
  owner: "Tests",
  start: "ask",
  steps: {
    ask: { kind: "form", schema: { type: "object", required: ["purpose"], properties: { purpose: { type: "string" } } }, next: "sign" },
    sign: { kind: "sign", title: "Signing", content: { purpose: "ask.purpose", taxId: "applicant.taxId" }, next: "done", declined: "notSigned" },
    done: { kind: "final", outcome: "approved" },
    notSigned: { kind: "final", outcome: "cancelled" },
  },
} as unknown as ServiceDefinition;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function setup(credentialsFor?: (taxId: string) => Promise<SigningCredentials | undefined>) {
  const ca = await createTrustServiceCa();
  const provider = await startStandInSigningProvider({ apiKey: API_KEY, ca, directory: false, credentialsFor });
  const runtime = await Runtime.create({
    databaseUrl: tempDbUrl("signing"),
    signing: { providerUrl: provider.url, apiKey: API_KEY, trustedRootsPem: [provider.caCertificatePem] },
    email: false,
    worker: false,
  });
  cleanup.push(async () => {
    await runtime.close();
    await provider.close();
  });
  await runtime.publish(service, "analyst");
  const person = applicant("p-sign");
  const { applicationId } = await runtime.start(service.id, person);
  await runtime.submit(applicationId, { step: "ask", data: { purpose: "employment" } });
  return { runtime, provider, ca, applicationId, person };
}

/** What the citizen does on the provider's page: follows the confirm URL's form. */
async function press(confirmUrl: string, action: "sign" | "decline"): Promise<string> {
  const response = await fetch(`${confirmUrl}/${action}`, { method: "POST", redirect: "manual" });
  expect(response.status).toBe(303);
  return new URL(response.headers.get("location")!).searchParams.get("requestId")!;
}

describe("sign steps on the signing provider", () => {
  it("signs the content's hash, verifies and stores the signature, and moves the application once", async () => {
    const { runtime, applicationId, person, provider } = await setup();
    const view = await runtime.view(applicationId, { kind: "applicant", id: person.id });
    expect(view.status).toBe("draft");
    expect(view.actions).toContain("sign");
    const shown = view.step.sign as { content: string; sha256: string };
    expect(JSON.parse(shown.content)).toEqual({ data: { purpose: "employment", taxId: "3012345678" } });

    const started = await runtime.signStart(applicationId, person.id, { returnUrl: "http://portal.test/applications/x/signature" });
    expect(started.contentSha256).toBe(shown.sha256);
    const page = await (await fetch(started.confirmUrl)).text();
    expect(page).toContain(shown.sha256);
    expect(page).toContain("Підписати");

    const requestId = await press(started.confirmUrl, "sign");
    expect(requestId).toBe(started.requestId);
    const done = await runtime.signComplete(applicationId, person.id, requestId);
    expect(done).toMatchObject({ status: "signed", applied: true });
    expect(await runtime.signComplete(applicationId, person.id, requestId)).toMatchObject({ status: "signed", applied: false });

    const row = await runtime.database.prisma.application.findUniqueOrThrow({ where: { id: applicationId } });
    expect(row.currentStep).toBe("done");
    const data = JSON.parse(row.data) as Record<string, { signer: unknown; verified: boolean; contentSha256: string }>;
    expect(data.sign).toMatchObject({ status: "signed", verified: true, contentSha256: shown.sha256, signer: { name: "Коваленко Олена", taxId: "3012345678" } });

    const [signature] = await runtime.signatures(applicationId);
    expect(signature).toMatchObject({ status: "signed", verified: true, signerTaxId: "3012345678", signerName: "Коваленко Олена" });
    expect(signature.certificateIssuer).toContain("Stand-in Qualified Trust Service CA");
    // The stored bytes still verify against what was signed.
    const again = await verifyCadesDetached(signature.signature!, Buffer.from(signature.contentSha256, "hex"), [provider.caCertificatePem], { expectedTaxId: "3012345678" });
    expect(again.valid).toBe(true);
    const audit = await runtime.audit(applicationId);
    const signed = audit.find((e) => e.event === "outcome.signed");
    expect(signed?.actor).toBe("signing");
    expect(JSON.parse(signed!.detail!)).toMatchObject({ signatureId: signature.id, verified: true });
  });

  it("takes the declined way out when the citizen declines", async () => {
    const { runtime, applicationId, person } = await setup();
    const started = await runtime.signStart(applicationId, person.id, { returnUrl: "http://portal.test/back" });
    const requestId = await press(started.confirmUrl, "decline");
    expect(await runtime.signComplete(applicationId, person.id, requestId)).toMatchObject({ status: "declined", applied: true });
    const row = await runtime.database.prisma.application.findUniqueOrThrow({ where: { id: applicationId } });
    expect(row.currentStep).toBe("notSigned");
  });

  it("refuses a signature made with somebody else's certificate and keeps waiting", async () => {
    const { runtime, applicationId, person } = await setup(async () => {
      const ca = await createTrustServiceCa();
      return issueSigningCertificate(ca, { name: "Коваленко Олена", taxId: "3012345678" });
    });
    const started = await runtime.signStart(applicationId, person.id, { returnUrl: "http://portal.test/back" });
    const requestId = await press(started.confirmUrl, "sign");
    const result = await runtime.signComplete(applicationId, person.id, requestId);
    expect(result).toMatchObject({ status: "invalid", applied: false });
    expect(result.reason).toMatch(/trusted root/);
    const row = await runtime.database.prisma.application.findUniqueOrThrow({ where: { id: applicationId } });
    expect(row.currentStep).toBe("sign");
  });

  it("answers not found for another applicant's application or request", async () => {
    const { runtime, applicationId } = await setup();
    await expect(runtime.signStart(applicationId, "somebody-else", { returnUrl: "http://portal.test/back" })).rejects.toMatchObject({ code: "not_found" });
    await expect(runtime.signComplete(applicationId, "somebody-else", "sr_nothing")).rejects.toMatchObject({ code: "not_found" });
  });
});
