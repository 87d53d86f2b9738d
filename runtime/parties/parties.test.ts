import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseSource, type ServiceDefinition } from "../../engine";
import { ManualClock } from "../clock";
import { isRuntimeError, type RuntimeError } from "../errors";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from "../testing/postgres-cluster";
import { viewsOf } from "../views/views";
import { CODE_ATTEMPTS, type PartyCitizen } from "./parties";

const SERVICE = `
schemaVersion: 1
id: with-partner
title: { uk: Послуга з партнером, en: A service with a partner }
languages: [uk, en]
owner: Test
parties:
  partner: { title: { uk: Партнер, en: Partner }, sees: [ask] }
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
    message: { uk: Підтвердіть шлюб, en: Confirm the marriage }
    role: partner
    deadline: P3D
    next: done
    declined: rejected
    expired: rejected
  done: { kind: final, outcome: approved }
  rejected: { kind: final, outcome: rejected }
`;

function service(invite: Record<string, unknown> = {}): ServiceDefinition {
  const definition = parseSource(SERVICE).value as ServiceDefinition;
  return { ...definition, steps: { ...definition.steps, invite: { ...definition.steps.invite, ...invite } as never } };
}

const partner: PartyCitizen = { id: "p-2", taxId: "3131910259", name: "Бондаренко Тарас", person: { firstName: "Тарас", lastName: "Бондаренко", birthDate: "1985-09-30" } };
const stranger: PartyCitizen = { id: "p-3", taxId: "2222222222", name: "Хтось Інший" };

let runtime: Runtime;
afterEach(async () => runtime?.close());
/** Where each test's runtime keeps its data: a fresh SQLite file, or a fresh PostgreSQL database (below). */
let databaseUrl = async () => tempDbUrl();

async function setup(invite: Record<string, unknown> = {}) {
  const clock = new ManualClock();
  runtime = await Runtime.create({ databaseUrl: await databaseUrl(), clock, worker: { autoStart: false } });
  await runtime.publish(service(invite), "analyst");
  const started = await runtime.start("with-partner", applicant());
  await runtime.submit(started.applicationId, { step: "ask", data: { partnerTaxId: partner.taxId }, applicantId: "p-1" });
  await runtime.worker!.runUntilIdle(); // the party-invite job writes the party row
  return { clock, id: started.applicationId };
}

async function expectError(promise: Promise<unknown>, code: RuntimeError["code"]) {
  const error = await promise.then(() => undefined, (e) => e);
  expect(isRuntimeError(error), String(error)).toBe(true);
  expect((error as RuntimeError).code).toBe(code);
}

const status = async (id: string) => (await runtime.view(id, { kind: "system", id: "t" })).status;

describe("parties: a form addressed to a party", () => {
  it("only the accepted party answers it (the applicant, another citizen and a pretend party are refused); the applicant sees no submit", async () => {
    const clock = new ManualClock();
    runtime = await Runtime.create({ databaseUrl: tempDbUrl(), clock, worker: { autoStart: false } });
    const definition = service({ taxId: "ask.partnerTaxId", next: "partnerForm" });
    definition.steps.partnerForm = { kind: "form", title: { uk: "Згода", en: "Consent" }, party: "partner", schema: { type: "object", required: ["agree"], properties: { agree: { type: "boolean" } } }, next: "done" } as never;
    await runtime.publish(definition, "analyst");
    const { applicationId: id } = await runtime.start("with-partner", applicant());
    await runtime.submit(id, { step: "ask", data: { partnerTaxId: partner.taxId }, applicantId: "p-1" });
    await runtime.worker!.runUntilIdle();
    const [invitation] = await runtime.parties.invitationsFor(partner);
    await runtime.parties.respond({ partyId: invitation.partyId }, partner, "accept");
    const asApplicant = await runtime.view(id, { kind: "applicant", id: "p-1" });
    expect(asApplicant.step).toMatchObject({ id: "partnerForm", party: "partner" });
    expect(asApplicant.actions).toEqual(["cancel"]);
    const answers = { step: "partnerForm", data: { agree: true } };
    await expectError(runtime.submit(id, { ...answers, applicantId: "p-1" }), "forbidden");
    await expectError(runtime.submit(id, { ...answers, party: { role: "partner", citizenId: stranger.id } }), "forbidden");
    await expectError(runtime.submit(id, { ...answers, party: { role: "owner", citizenId: partner.id } }), "forbidden");
    await runtime.submit(id, { ...answers, party: { role: "partner", citizenId: partner.id } });
    expect(await status(id)).toBe("done");
    expect((await runtime.audit(id)).at(-1)).toMatchObject({ event: "submit", actor: "party:partner:p-2" });
  });
});

function inviteSuite() {
  it("by link and code: the invitee sees who asks, accepts once, and becomes a party who can see the application", async () => {
    const { id } = await setup();
    const [row] = await runtime.parties.ofApplication(id);
    expect(row).toMatchObject({ role: "partner", status: "invited", shownStatus: "invited", expectedTaxId: null, linkHash: null });
    expect(row.deadline?.toISOString()).toBe("2025-01-04T09:00:00.000Z");

    await expectError(runtime.parties.issueLink(id, "p-9"), "not_found");
    const { token, code } = await runtime.parties.issueLink(id, "p-1");
    expect(code).toMatch(/^\d{6}$/);
    const stored = (await runtime.parties.ofApplication(id))[0];
    expect(stored.linkHash).not.toContain(token); // hashes only
    expect(stored.codeHash).not.toContain(code);

    const seen = await runtime.parties.invitation({ token }, partner, "en");
    expect(seen).toMatchObject({ role: "partner", roleTitle: "Partner", message: "Confirm the marriage", status: "invited", needsCode: true, service: { title: "A service with a partner" } });
    expect(seen.invitedBy).toMatch(/^\S+ \S\.$/); // first name and an initial only
    await expectError(runtime.parties.invitation({ token }, { ...partner, id: "p-1" }), "not_found"); // the applicant cannot answer their own
    await expectError(runtime.parties.invitation({ token: "x".repeat(32) }, partner), "not_found");

    const views = viewsOf(runtime).applications;
    const app = await views.row(id);
    expect(await views.accessOf(app, partner.id)).toBeNull();
    await expectError(runtime.parties.respond({ token }, partner, "accept", "000000" === code ? "111111" : "000000"), "forbidden");
    expect(await runtime.parties.respond({ token }, partner, "accept", code)).toEqual({ status: "accepted", applicationId: id });
    expect(await status(id)).toBe("done");
    expect(await views.accessOf(app, partner.id)).toEqual({ kind: "party", role: "partner" });
    expect(await views.accessOf(app, "p-1")).toEqual({ kind: "applicant" });
    expect(await views.accessOf(app, stranger.id)).toBeNull();
    expect((await views.ofParty(partner.id, 10)).map((a) => [a.id, a.role])).toEqual([[id, "partner"]]);
    // Single use: the link opens nothing any more, for anyone.
    await expectError(runtime.parties.invitation({ token }, stranger), "not_found");
    const audit = await runtime.audit(id);
    expect(audit.at(-1)).toMatchObject({ event: "outcome.accepted", actor: "party:partner:p-2" });
    // Who accepted is in the data for later steps (documents to both partners); a decline keeps nobody's data.
    expect(JSON.parse((await views.row(id))!.data).invite).toEqual({ role: "partner", status: "accepted", respondedAt: expect.any(String), person: { taxId: partner.taxId, ...partner.person } });
  });

  it(`a code survives ${CODE_ATTEMPTS} wrong tries; a new code voids the old link`, async () => {
    const { id } = await setup();
    const first = await runtime.parties.issueLink(id, "p-1");
    const wrong = first.code === "123456" ? "654321" : "123456";
    for (let i = 0; i < CODE_ATTEMPTS; i++) await expectError(runtime.parties.respond({ token: first.token }, stranger, "accept", wrong), "forbidden");
    await expectError(runtime.parties.respond({ token: first.token }, stranger, "accept", first.code), "limit_reached");
    const second = await runtime.parties.issueLink(id, "p-1");
    await expectError(runtime.parties.invitation({ token: first.token }, stranger), "not_found");
    expect(await runtime.parties.respond({ token: second.token }, stranger, "decline", second.code)).toMatchObject({ status: "declined" });
    expect(await status(id)).toBe("rejected");
    expect(JSON.parse((await viewsOf(runtime).applications.row(id))!.data).invite).not.toHaveProperty("person");
    expect(await viewsOf(runtime).applications.accessOf(await viewsOf(runtime).applications.row(id), stranger.id)).toBeNull();
  });

  it("by tax number: only that person, without a code, from their own list; the link asks the others nothing", async () => {
    const { id } = await setup({ taxId: "ask.partnerTaxId", link: false });
    await expectError(runtime.parties.issueLink(id, "p-1"), "event_not_allowed");
    expect(await runtime.parties.invitationsFor(stranger)).toEqual([]);
    const [invitation] = await runtime.parties.invitationsFor(partner, "uk");
    expect(invitation).toMatchObject({ applicationId: id, roleTitle: "Партнер", needsCode: false });
    await expectError(runtime.parties.respond({ partyId: invitation.partyId }, stranger, "accept"), "not_found");
    // Two answers at once (two tabs): exactly one is taken.
    const both = await Promise.allSettled([runtime.parties.respond({ partyId: invitation.partyId }, partner, "accept"), runtime.parties.respond({ partyId: invitation.partyId }, partner, "decline")]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = (both.find((r) => r.status === "rejected") as PromiseRejectedResult).reason;
    expect(isRuntimeError(lost) && ["event_not_allowed", "stale_version"].includes(lost.code), String(lost)).toBe(true);
    const won = (both.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ status: string }>).value.status;
    expect(await status(id)).toBe(won === "accepted" ? "done" : "rejected");
    await expectError(runtime.parties.respond({ partyId: invitation.partyId }, partner, "accept"), "event_not_allowed");
  });

  it("the deadline expires the invitation: the application takes `expired`, the link no longer answers", async () => {
    const { id, clock } = await setup();
    const { token, code } = await runtime.parties.issueLink(id, "p-1");
    clock.advance("P3D");
    expect(await runtime.worker!.runUntilIdle()).toBe(1);
    expect(await status(id)).toBe("rejected");
    expect((await runtime.audit(id)).at(-1)).toMatchObject({ event: "outcome.timeout" });
    expect((await runtime.parties.invitation({ token }, partner)).status).toBe("expired");
    await expectError(runtime.parties.respond({ token }, partner, "accept", code), "event_not_allowed");
    expect((await runtime.parties.ofApplication(id))[0].shownStatus).toBe("expired");
  });
}

describe("parties: the invite step (SQLite)", inviteSuite);

const binaries = postgresBinDir();
describe.skipIf(!binaries)("parties: the invite step (PostgreSQL)", () => {
  let cluster: PostgresCluster | undefined;
  let n = 0;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    databaseUrl = () => cluster!.createDatabase(`parties${n++}`);
  }, 120_000);
  afterAll(() => {
    databaseUrl = async () => tempDbUrl();
    cluster?.stop();
  });
  inviteSuite();
});
