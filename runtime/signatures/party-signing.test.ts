/**
 * A sign step that parties sign too (`parties`): the applicant and the partner each sign the same content on
 * the stand-in provider; `signed` waits for both, then the data holds both signatures.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ServiceDefinition } from "../../engine";
import { createTrustServiceCa, startStandInSigningProvider } from "../../stand-ins";
import type { PartyCitizen } from "../parties/parties";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";

const API_KEY = "signing-key";
const service = {
  schemaVersion: 1,
  id: "co-signed",
  title: "Co-signed",
  languages: ["en"],
  owner: "Tests",
  parties: { partner: { title: "Partner" } },
  start: "ask",
  steps: {
    ask: { kind: "form", schema: { type: "object", required: ["partnerTaxId"], properties: { partnerTaxId: { type: "string" } } }, next: "invite" },
    invite: { kind: "invite", role: "partner", taxId: "ask.partnerTaxId", deadline: "P7D", next: "sign", declined: "notSigned", expired: "notSigned" },
    sign: { kind: "sign", title: "Signing", content: { partner: "ask.partnerTaxId" }, parties: ["all"], next: "done", declined: "notSigned" },
    done: { kind: "final", outcome: "approved" },
    notSigned: { kind: "final", outcome: "cancelled" },
  },
} as unknown as ServiceDefinition;

const partner: PartyCitizen = { id: "p-partner", taxId: "3131910259", name: "Бондаренко Тарас", person: { firstName: "Тарас", lastName: "Бондаренко" } };

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function press(confirmUrl: string, action: "sign" | "decline"): Promise<string> {
  const response = await fetch(`${confirmUrl}/${action}`, { method: "POST", redirect: "manual" });
  expect(response.status).toBe(303);
  return new URL(response.headers.get("location")!).searchParams.get("requestId")!;
}

describe("a sign step with parties", () => {
  it("waits for every signer, then saves the applicant's signature with the parties' by role", async () => {
    const ca = await createTrustServiceCa();
    const provider = await startStandInSigningProvider({ apiKey: API_KEY, ca, directory: false });
    const runtime = await Runtime.create({ databaseUrl: tempDbUrl("co-sign"), signing: { providerUrl: provider.url, apiKey: API_KEY, trustedRootsPem: [provider.caCertificatePem] }, email: false, worker: { autoStart: false } });
    cleanup.push(async () => {
      await runtime.close();
      await provider.close();
    });
    await runtime.publish(service, "analyst");
    const person = applicant("p-applicant");
    const { applicationId: id } = await runtime.start(service.id, person);
    await runtime.submit(id, { step: "ask", data: { partnerTaxId: partner.taxId } });
    await runtime.worker!.runUntilIdle();
    // Before the partner joined, they cannot sign; a stranger never can.
    const [invitation] = await runtime.parties.invitationsFor(partner);
    await runtime.parties.respond({ partyId: invitation.partyId }, partner, "accept");
    await expect(runtime.signStart(id, "p-stranger", { returnUrl: "http://portal.test/back" })).rejects.toMatchObject({ code: "not_found" });

    const mine = await runtime.signStart(id, person.id, { returnUrl: "http://portal.test/back" });
    expect(await runtime.signComplete(id, person.id, await press(mine.confirmUrl, "sign"))).toMatchObject({ status: "signed", applied: false });
    await expect(runtime.signStart(id, person.id, { returnUrl: "http://portal.test/back" })).rejects.toMatchObject({ code: "event_not_allowed" });
    expect((await runtime.view(id, { kind: "system", id: "t" })).step.id).toBe("sign");

    const theirs = await runtime.signStart(id, partner.id, { returnUrl: "http://portal.test/back" });
    expect(theirs.contentSha256).toBe(mine.contentSha256); // the same content
    expect(await runtime.signComplete(id, partner.id, await press(theirs.confirmUrl, "sign"))).toMatchObject({ status: "signed", applied: true });
    const row = await runtime.database.prisma.application.findUniqueOrThrow({ where: { id } });
    expect(row.currentStep).toBe("done");
    const data = JSON.parse(row.data) as { sign: { signer: { taxId: string }; parties: { partner: { signer: { taxId: string }; verified: boolean } } } };
    expect(data.sign.signer.taxId).toBe(person.taxId);
    expect(data.sign.parties.partner).toMatchObject({ verified: true, signer: { taxId: partner.taxId } });
  });
});
