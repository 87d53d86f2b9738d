/** A document step with `holders`: one document per holder (the applicant and accepted parties), each seen and downloaded by its holder only. */
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { parseSource, type ServiceDefinition } from "../../engine";
import { ManualClock } from "../clock";
import type { PartyCitizen } from "../parties/parties";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";

const SERVICE = `
schemaVersion: 1
id: two-holders
title: { uk: Документ обом, en: A document for both }
languages: [uk, en]
owner: Test
parties:
  partner: { title: { uk: Партнер, en: Partner } }
start: ask
steps:
  ask:
    kind: form
    title: { uk: Питання, en: Question }
    schema: { type: object, required: [partnerTaxId], properties: { partnerTaxId: { type: string } } }
    next: invite
  invite:
    kind: invite
    title: { uk: Запрошення, en: Invitation }
    role: partner
    taxId: ask.partnerTaxId
    deadline: P3D
    next: issue
    declined: issue
    expired: rejected
  issue:
    kind: document
    title: { uk: Витяг, en: Extract }
    template: residence-registration
    data:
      fullName: '"Шевченко Олена Петрівна"'
      birthDate: '"1990-04-12"'
      address: '"Київ, вул. Хрещатик, 1"'
      registeredOn: '"2026-06-01"'
    holders: [applicant, partner]
    saveAs: extract
    next: done
  done: { kind: final, outcome: approved }
  rejected: { kind: final, outcome: rejected }
`;

const partner: PartyCitizen = { id: "p-2", taxId: "3131910259", name: "Бондаренко Тарас", person: { firstName: "Тарас", lastName: "Бондаренко", birthDate: "1985-09-30" } };

/** The step's saved result (saveAs: extract). */
type Issued = { role: string; id: string; number: string };
type Saved = { extract: Issued & { template: string; issuedAt: string; issued: Issued[] } };

let runtime: Runtime;
afterEach(async () => runtime?.close());

/** Publishes the service (the document step changed by `issue`), invites the partner, who answers `answer`. */
async function run(answer: "accept" | "decline", issue: Record<string, unknown> = {}) {
  runtime = await Runtime.create({ databaseUrl: tempDbUrl(), clock: new ManualClock(), email: false, worker: { autoStart: false } });
  const definition = parseSource(SERVICE).value as ServiceDefinition;
  definition.steps.issue = { ...definition.steps.issue, ...issue } as never;
  await runtime.publish(definition, "analyst");
  const { applicationId: id } = await runtime.start("two-holders", applicant());
  await runtime.submit(id, { step: "ask", data: { partnerTaxId: partner.taxId }, applicantId: "p-1" });
  await runtime.worker!.runUntilIdle();
  const [invitation] = await runtime.parties.invitationsFor(partner);
  await runtime.parties.respond({ partyId: invitation.partyId }, partner, answer);
  await runtime.worker!.runUntilIdle();
  const view = await runtime.view(id, { kind: "system", id: "t" });
  return { id, status: view.status, data: JSON.parse((await runtime.database.prisma.application.findUniqueOrThrow({ where: { id } })).data) as Saved };
}

describe("a document step with holders", () => {
  it("issues a signed PDF to each holder, seen in and downloaded from their own documents only", async () => {
    const { id, status, data } = await run("accept");
    expect(status).toBe("done");
    const [mine] = await runtime.documents("p-1");
    const [theirs] = await runtime.documents(partner.id);
    expect(await runtime.documents("p-1")).toHaveLength(1);
    expect(await runtime.documents(partner.id)).toHaveLength(1);
    expect(mine.number).not.toBe(theirs.number);
    // The result keeps the applicant's document at the top, as before holders existed, and lists every one.
    expect(data.extract).toMatchObject({ id: mine.id, number: mine.number, template: "residence-registration" });
    expect(data.extract.issued).toEqual([
      { role: "applicant", id: mine.id, number: mine.number },
      { role: "partner", id: theirs.id, number: theirs.number },
    ]);
    const rows = await runtime.database.prisma.document.findMany({ where: { applicationId: id } });
    expect(rows.map((r) => r.holderId).sort()).toEqual(["p-1", partner.id]);
    const { pdf } = await runtime.downloadDocument(theirs.id, partner.id);
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe("%PDF-");
    expect((await runtime.downloadDocument(mine.id, "p-1")).pdf.length).toBeGreaterThan(0);
    // Neither downloads nor shares the other's; nor does anyone else.
    await expect(runtime.downloadDocument(mine.id, partner.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(runtime.downloadDocument(theirs.id, "p-1")).rejects.toMatchObject({ code: "not_found" });
    await expect(runtime.shareDocument(theirs.id, "p-1")).rejects.toMatchObject({ code: "not_found" });
    await expect(runtime.downloadDocument(theirs.id, "someone-else")).rejects.toMatchObject({ code: "not_found" });
  });

  it("without a layout: data-only rows, the applicant's number derived from the job as before and the party's from the job and role", async () => {
    const { id, status, data } = await run("accept", { template: "marriage-test", data: {} });
    expect(status).toBe("done");
    const job = await runtime.database.prisma.job.findFirstOrThrow({ where: { applicationId: id, kind: "document" } });
    const number = (key: string) => `MAR-${new Date(data.extract.issuedAt).getUTCFullYear()}-${createHash("sha256").update(key).digest("hex").slice(0, 10).toUpperCase()}`;
    expect(data.extract.number).toBe(number(job.idempotencyKey));
    expect(data.extract.issued.map((d) => [d.role, d.number])).toEqual([
      ["applicant", number(job.idempotencyKey)],
      ["partner", number(`${job.idempotencyKey}:partner`)],
    ]);
    const rows = await runtime.database.prisma.document.findMany({ where: { applicationId: id }, orderBy: { number: "asc" } });
    expect(rows).toHaveLength(2);
    expect((await runtime.documents(partner.id)).map((d) => d.number)).toEqual([number(`${job.idempotencyKey}:partner`)]);
  });

  it("holders without the applicant: only the party's document, which the result then carries", async () => {
    const { data } = await run("accept", { holders: ["partner"] });
    const [theirs] = await runtime.documents(partner.id);
    expect(await runtime.documents("p-1")).toEqual([]);
    expect(data.extract).toMatchObject({ id: theirs.id, issued: [{ role: "partner", id: theirs.id, number: theirs.number }] });
  });

  it("a party who has not accepted: no document at all, an incident saying why", async () => {
    const { id, status } = await run("decline");
    expect(status).toBe("incident");
    const [incident] = await runtime.incidents();
    expect(incident).toMatchObject({ applicationId: id, step: "issue" });
    expect(incident.error).toMatch(/goes to the "partner" too, but no partner has accepted \(the invitation was declined\)/);
    expect(await runtime.database.prisma.document.count({ where: { applicationId: id } })).toBe(0);
  });
});
