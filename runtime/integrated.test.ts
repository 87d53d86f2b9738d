/**
 * Every example service end to end against the real stand-in registries (an X-Road security server on
 * loopback) and the stand-in payment provider, through the runtime as `npm start` builds it
 * (createIntegratedRuntime): forms submitted with their prefill, registry calls over X-Road with their
 * records stored, payments paid / failed / abandoned on the provider's hosted page with its signed callbacks,
 * officers deciding, deadlines on a simulated clock, signed PDF documents, the inbox. Registry outages are
 * injected with the stand-in's faults and end in each step's defined outcome. The demo people are picked
 * from stand-ins/data/people.ts (PERSONAS) for the outcome each case needs.
 */
import { createHash, generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleCatalog } from "../service-definitions";
import { ManualClock } from "./clock";
import { pdfText } from "./documents/pdf-text";
import { signedPayload } from "./documents/documents";
import { signerFromKey, verifySignature } from "./documents/signing";
import { PrismaDocumentStore } from "./wiring/document-store";
import type { Runtime } from "./runtime";
import { type FaultRule, type Person, PERSONAS } from "../stand-ins";
import { signCallback } from "./payments/signature";
import { tempDbUrl } from "./testing/fixtures";
import { createIntegratedRuntime, type IntegratedRuntime } from "./wiring/integrated-runtime";
import { exampleDriver } from "./wiring/testing";

const clock = new ManualClock("2026-03-02T09:00:00Z");
const signer = signerFromKey(generateKeyPairSync("ed25519").privateKey);
const catalog = exampleCatalog();
let world: IntegratedRuntime;
let runtime: Runtime;

beforeAll(async () => {
  world = await createIntegratedRuntime({
    runtime: {
      databaseUrl: tempDbUrl("integrated"),
      clock,
      worker: { autoStart: false },
      email: false,
      documents: { signer, publicBaseUrl: "https://civic.example.gov.ua" },
    },
    fallbackCatalog: { registries: catalog.registries, templates: catalog.templates, roles: catalog.roles },
    env: { STAND_INS_PORT: "0" },
    standIns: { testControls: true, now: () => clock.now().getTime(), certificateDelayMs: 3 * 3_600_000 },
    paymentProvider: { now: () => clock.now().getTime() },
    log: () => {},
  });
  runtime = world.runtime;
  ({ drive, applicantFor } = await exampleDriver(world, clock));
}, 60_000);
afterAll(async () => runtime?.close());

// ── Driving an application ──────────────────────────────────────────────────────────────────────

let drive: Awaited<ReturnType<typeof exampleDriver>>["drive"];
let applicantFor: Awaited<ReturnType<typeof exampleDriver>>["applicantFor"];
const applicantIds: Record<string, string> = {};
const post = (url: string) => fetch(url, { method: "POST", redirect: "manual" });

const documentsOf = async (applicant: { id: string }) => (await runtime.documents(applicant.id)).map((d) => d.template).sort();
const fault = (rule: FaultRule) => world.standIns!.faults.add(rule);

// ── The criminal-record certificate ────────────────────────────────────────────────────────────

const CERTIFICATE_ANSWERS = {
  request: { reasonId: "5", type: "short" },
  personalData: { phone: "+380671234567", email: "citizen@example.com" },
  confirm: { accurate: true },
  birthPlace: { country: "Україна", city: "Полтава" },
  nationalities: { countries: ["Україна"] },
  registrationPlace: { country: "Україна", city: "Київ" },
};

describe("criminal-record certificate against the stand-in registries", () => {
  it("is ready at once for a person with a clean record; the PDF is signed and says so; who read the data is logged", async () => {
    clock.set("2026-03-02T09:00:00Z");
    const olena = applicantFor(PERSONAS.olena);
    applicantIds.olena = olena.id;
    const run = await drive("criminal-record-certificate", olena, { answers: CERTIFICATE_ANSWERS });
    expect(run.final, run.steps.join(" → ")).toBe("done");
    expect(run.steps).not.toContain("birthPlace"); // the register knew it
    // One screen: the register's data to check (read-only) with the contacts from the identity provider.
    expect(run.prefills.personalData).toMatchObject({ fullName: "Коваленко Олена Іванівна", phone: "+380671234567", email: "citizen@example.com" });
    expect(run.prefills.personalData).toHaveProperty("birthPlace", expect.stringMatching(/\S, \S/));

    const [document] = await runtime.documents(olena.id);
    expect(document).toMatchObject({ template: "criminal-record-certificate", status: "valid", keyId: signer.keyId });
    const { pdf } = await runtime.downloadDocument(document.id, olena.id);
    const text = await pdfText(pdf);
    expect(text).toContain("Витяг про несудимість");
    expect(text).toContain("Коваленко Олена Іванівна");
    expect(text).toContain(document.number);
    expect(await runtime.verifyDocument(document.number, pdf)).toMatchObject({ valid: true, status: "valid" });
    // Sealed by the stand-in trust service's certificate for the authority; the verification page shows it.
    expect((await runtime.verifyDocument(document.number)).seal).toMatchObject({ valid: true, signer: "Civic Flow (stand-in)", certificate: { issuer: expect.stringContaining("Stand-in Qualified Trust Service CA") } });

    const log = await runtime.dataAccessLog(olena.id, { language: "en" });
    const calls = log.filter((entry) => entry.kind === "registry");
    expect(calls.map((c) => `${c.who}.${c.what}:${c.status}`).reverse()).toEqual([
      "population.getPerson:found",
      "criminal-records.orderCertificate:completed",
      "criminal-records.getCertificate:ready",
    ]);
    expect(calls.at(-1)!.why).toMatch(/^We read your place of birth/);
    for (const call of calls) {
      expect(call.evidence!.xRoadId).toMatch(/^[0-9a-f-]{36}$/);
      expect(call.evidence!.xRoadRequestId).toBeTruthy();
      expect(call.evidence!.requestHash).toBeTruthy();
      expect(call.evidence!.userId).toMatch(/^UA[0-9a-f]{32}$/);
      expect(call.evidence!.userId).not.toContain(PERSONAS.olena);
    }
    // The security server's message log has the same ids: the evidence matches what it saw.
    const logged = new Map(world.standIns!.log.entries().map((entry) => [entry.queryId, entry]));
    for (const call of calls) {
      expect(logged.get(call.evidence!.xRoadId!)).toMatchObject({ xRequestId: call.evidence!.xRoadRequestId, requestHash: call.evidence!.requestHash });
    }
    // The inbox has the service's notification, after the platform's notice of the document (newest first).
    const inbox = await runtime.notifications(olena.id);
    expect(inbox.map((n) => n.message)).toEqual([expect.stringMatching(/^Витяг готовий/), expect.stringMatching(/^«Витяг про несудимість»: документ .*видано\./)]);
    expect(await runtime.unreadNotifications(olena.id)).toBe(2);
    await runtime.markNotificationRead(inbox[0].id, olena.id);
    expect(await runtime.unreadNotifications(olena.id)).toBe(1);
  });

  it("shows a criminal record when the registry has one", async () => {
    const taras = applicantFor(PERSONAS.taras);
    const run = await drive("criminal-record-certificate", taras, { answers: CERTIFICATE_ANSWERS });
    expect(run.final).toBe("done");
    const [document] = await runtime.documents(taras.id);
    expect(JSON.parse(document.data)).toMatchObject({ isCriminalRecord: true });
  });

  it("waits for a manual check, polling hourly, then issues", async () => {
    const iryna = applicantFor(PERSONAS.iryna);
    const run = await drive("criminal-record-certificate", iryna, { answers: CERTIFICATE_ANSWERS });
    expect(run.final).toBe("done");
    expect(run.steps).toEqual(expect.arrayContaining(["order", "notifyAccepted", "processing", "issueCertificate"]));
    expect(await documentsOf(iryna)).toEqual(["criminal-record-certificate"]);
    expect((await runtime.notifications(iryna.id)).length).toBe(3); // accepted, the platform's "document issued", ready
  });

  it("refuses a second order while one is in progress", async () => {
    const run = await drive("criminal-record-certificate", applicantFor(PERSONAS.dmytro), { answers: CERTIFICATE_ANSWERS });
    expect(run.final).toBe("anotherRequestInProgress");
  });

  it("refuses a child under 14 (the age-check handler)", async () => {
    const run = await drive("criminal-record-certificate", applicantFor(PERSONAS.sofiia), { answers: CERTIFICATE_ANSWERS });
    expect(run.final).toBe("tooYoung");
  });

  it("asks for the birth place the register does not know", async () => {
    const run = await drive("criminal-record-certificate", applicantFor(PERSONAS.mykola), { answers: CERTIFICATE_ANSWERS });
    expect(run.final).toBe("done");
    expect(run.steps).toContain("birthPlace");
    expect(run.steps).not.toContain("nationalities");
  });

  it("asks for the registration address of a person registered nowhere", async () => {
    const run = await drive("criminal-record-certificate", applicantFor(PERSONAS.nino), { answers: CERTIFICATE_ANSWERS });
    expect(run.final).toBe("done");
    expect(run.steps).toContain("registrationPlace");
  });

  it("asks everything of a person the register does not know", async () => {
    const run = await drive("criminal-record-certificate", applicantFor("3999999991"), { answers: CERTIFICATE_ANSWERS });
    expect(run.final).toBe("done");
    expect(run.steps).toEqual(expect.arrayContaining(["birthPlace", "nationalities", "registrationPlace"]));
  });

  it("ends in registryUnavailable when the population register's security server keeps failing (retried 3 times)", async () => {
    const halyna = applicantFor(PERSONAS.halyna);
    // The register is asked right after the age check (a built-in handler, no registry call).
    fault({ kind: "xroad-error", service: "population", type: "server.serverproxy.service_failed", times: 3 });
    const run = await drive("criminal-record-certificate", halyna, { answers: CERTIFICATE_ANSWERS });
    expect(run.final).toBe("registryUnavailable");
    const calls = (await runtime.dataAccessLog(halyna.id)).filter((entry) => entry.kind === "registry");
    expect(calls).toHaveLength(3);
    expect(calls.every((call) => call.status === "error")).toBe(true);
    const rows = await runtime.database.prisma.registryCall.findMany({ where: { applicantId: halyna.id }, orderBy: { attempt: "asc" } });
    expect(rows.map((row) => [row.attempt, row.errorCode, row.xroadError])).toEqual([
      [1, "xroad_error", "server.serverproxy.service_failed"],
      [2, "xroad_error", "server.serverproxy.service_failed"],
      [3, "xroad_error", "server.serverproxy.service_failed"],
    ]);
  });

  it("ends in registryUnavailable when the order is refused by the security server (permanent, not retried)", async () => {
    const run = await drive("criminal-record-certificate", applicantFor(PERSONAS.jan), {
      answers: CERTIFICATE_ANSWERS,
      at: { confirm: () => fault({ kind: "xroad-error", service: "criminal-records", type: "server.serverproxy.access_denied", times: 1 }) },
    });
    expect(run.final).toBe("registryUnavailable");
  });
});

// ── The driving licence replacement ────────────────────────────────────────────────────────────

const LICENCE_ANSWERS = {
  reason: { reason: "expired", serviceCentre: "8041", accurate: true },
  correction: { explanation: "Додаю пояснення до заяви." },
};

describe("driving licence replacement against the stand-in registries and payment provider", () => {
  it("pays the fee on the provider's page, is approved, gets a new licence in the register and a signed card", async () => {
    clock.set("2026-03-03T09:00:00Z");
    const olena = applicantFor(PERSONAS.olena);
    const run = await drive("driver-licence-replacement", olena, { answers: LICENCE_ANSWERS });
    expect(run.final, run.steps.join(" → ")).toBe("done");
    expect(run.steps).toEqual(expect.arrayContaining(["signApplication", "payFee", "review", "issueLicence", "issueDocument"]));
    // Signed on the stand-in Diia.Signature page with Olena's own certificate, verified on receipt.
    const [signature] = await runtime.signatures(run.applicationId);
    expect(signature).toMatchObject({ step: "signApplication", status: "signed", verified: true, signerTaxId: PERSONAS.olena, signerName: "Коваленко Олена Іванівна" });
    const payments = await runtime.payments!.ofApplication(run.applicationId);
    expect(payments).toMatchObject([{ status: "paid", amount: 230, currency: "UAH" }]);
    const provider = [...world.paymentProvider!.payments.values()].find((p) => p.orderId === payments[0].orderId)!;
    expect(provider.charges).toBe(1);
    const [licence] = await runtime.documents(olena.id);
    expect(licence.template).toBe("driver-licence");
    const data = JSON.parse(licence.data) as Record<string, unknown>;
    expect(data).toMatchObject({ surname: "Коваленко", categories: ["B"] });
    // The new licence is in the register, the old one is no longer current.
    const inRegister = world.standIns!.state.licences.filter((l) => l.clientId === `C${PERSONAS.olena}`);
    expect(inRegister.map((l) => Number(l.status.ID))).toEqual([5, 1]);
  });

  it("declining to sign on the provider's page ends it unsigned, before any payment", async () => {
    const taras = applicantFor(PERSONAS.taras);
    const run = await drive("driver-licence-replacement", taras, { answers: LICENCE_ANSWERS, signatures: { signApplication: "decline" } });
    expect(run.final, run.steps.join(" → ")).toBe("notSigned");
    expect(await runtime.payments!.ofApplication(run.applicationId)).toEqual([]);
    expect(await runtime.signatures(run.applicationId)).toMatchObject([{ status: "declined", verified: false }]);
  });

  it("a failed card payment goes back to the payment; the second checkout is a new order and is paid once", async () => {
    const taras = applicantFor(PERSONAS.taras);
    const run = await drive("driver-licence-replacement", taras, { answers: { ...LICENCE_ANSWERS, reason: { reason: "lost", serviceCentre: "6341", accurate: true } }, payments: { payFee: ["fail", "pay"] } });
    expect(run.final).toBe("done");
    const payments = await runtime.payments!.ofApplication(run.applicationId);
    expect(payments.map((p) => [p.status, p.amount]).sort()).toEqual([["failed", 380], ["paid", 380]]);
    expect(new Set(payments.map((p) => p.orderId)).size).toBe(2);
  });

  it("an abandoned checkout expires at the provider and ends as not paid", async () => {
    const yurii = applicantFor(PERSONAS.yurii);
    const run = await drive("driver-licence-replacement", yurii, { answers: LICENCE_ANSWERS, payments: { payFee: "abandon" } });
    expect(run.final).toBe("notPaid");
  });

  it("no payment within the step's 5 days: its deadline ends it as not paid", async () => {
    const mariia = applicantFor(PERSONAS.mariia);
    const run = await drive("driver-licence-replacement", mariia, { answers: LICENCE_ANSWERS, payments: { payFee: "wait" } });
    expect(run.final).toBe("notPaid");
  });

  it("refuses a name change the population register does not show", async () => {
    const run = await drive("driver-licence-replacement", applicantFor(PERSONAS.mariia), { answers: { reason: { reason: "nameChange", serviceCentre: "8041", accurate: true } } });
    expect(run.final).toBe("nameNotChanged");
  });

  it("refuses a person with no licence, and a licence whose status forbids it", async () => {
    expect((await drive("driver-licence-replacement", applicantFor(PERSONAS.iryna), { answers: LICENCE_ANSWERS })).final).toBe("noLicence");
    const wanted = world.standIns!.state.licences.find((l) => ![1, 9, 10, 11, 1006].includes(Number(l.status.ID)) && !world.standIns!.state.licences.some((o) => o.clientId === l.clientId && [1, 9, 10, 11, 1006].includes(Number(o.status.ID))))!;
    expect((await drive("driver-licence-replacement", applicantFor(wanted.clientId.slice(1)), { answers: LICENCE_ANSWERS })).final).toBe("licenceNotEligible");
  });

  it("an officer's send-back asks the citizen, then the escalation after 10 days approves", async () => {
    const licensed = world.standIns!.state.licences.find((l) => Number(l.status.ID) === 1 && !Object.values(PERSONAS).includes(l.clientId.slice(1)))!;
    const person = applicantFor(licensed.clientId.slice(1));
    const run = await drive("driver-licence-replacement", person, { answers: { ...LICENCE_ANSWERS, reason: { reason: "damaged", serviceCentre: "4641", accurate: true } }, reviews: { review: ["sendBack", "timeout"], escalate: "approve" } });
    expect(run.final).toBe("done");
    expect(run.steps).toEqual(expect.arrayContaining(["notifySentBack", "correction", "escalate"]));
    // The correction form shows the citizen what the officer wrote when sending the application back.
    expect(run.prefills.correction).toEqual({ officerComment: "Тестове рішення" });
  });

  it("the drivers register down at the issue ends in registryUnavailable after the payment", async () => {
    const licensed = world.standIns!.state.licences.filter((l) => Number(l.status.ID) === 1 && !Object.values(PERSONAS).includes(l.clientId.slice(1)))[1]!;
    const run = await drive("driver-licence-replacement", applicantFor(licensed.clientId.slice(1)), {
      answers: LICENCE_ANSWERS,
      at: { review: () => fault({ kind: "provider-status", service: "drivers", method: "POST", path: "/v1/licences", status: 503, body: { message: "maintenance" }, times: 3 }) },
    });
    expect(run.final).toBe("registryUnavailable");
  });
});

// ── The traffic fine ───────────────────────────────────────────────────────────────────────────

describe("traffic fine payment against the stand-in registries and payment provider", () => {
  const unpaid = () => [...world.standIns!.state.fines.values()].filter((f) => f.taxId === PERSONAS.yurii && f.status === "UNPAID");

  it("pays half within 10 days of the resolution, records it in the register and issues a receipt", async () => {
    const fine = unpaid()[0];
    clock.set(`${fine.issuedOn}T10:00:00Z`);
    clock.advance("P3D");
    const yurii = applicantFor(PERSONAS.yurii);
    const [series, number] = fine.resolutionNumber.split(" ");
    const run = await drive("traffic-fine-payment", yurii, { answers: { search: { mode: "byResolution", series, number }, confirmDiscounted: { confirmed: true } } });
    expect(run.final, run.steps.join(" → ")).toBe("paid");
    expect(run.prefills.confirmDiscounted).toEqual({ resolutionNumber: fine.resolutionNumber, fullAmount: fine.amount, amountDue: fine.amount / 2 });
    expect(world.standIns!.state.fines.get(fine.resolutionNumber)).toMatchObject({ status: "PAID" });
    const [receipt] = await runtime.documents(yurii.id);
    expect(JSON.parse(receipt.data)).toMatchObject({ paidAmount: fine.amount / 2, discountApplied: true, recordedInRegister: true });
    // A repeated callback (the provider's redelivery) changes nothing and charges nothing.
    const [payment] = await runtime.payments!.ofApplication(run.applicationId);
    const resent = await post(`${world.paymentProvider!.url}/payments/${payment.providerPaymentId}/resend`);
    expect(resent.status).toBe(200);
    expect((await runtime.audit(run.applicationId)).filter((e) => e.event === "outcome.paid")).toHaveLength(1);
    expect(world.paymentProvider!.payments.get(payment.providerPaymentId)!.charges).toBe(1);
  });

  it("picks from the citizen's unpaid fines (prefilled), pays the full amount; the register down at recording still gives the receipt", async () => {
    clock.set("2026-03-04T09:00:00Z");
    const fine = unpaid()[0];
    const run = await drive("traffic-fine-payment", applicantFor(PERSONAS.yurii), {
      answers: { search: { mode: "myFines" }, confirmFull: { confirmed: true } },
      at: { pay: () => fault({ kind: "xroad-error", service: "fines", type: "server.serverproxy.network_error", times: 5 }) },
    });
    expect(run.prefills.chooseFine).toEqual({ resolutionNumber: fine.resolutionNumber });
    expect(run.final).toBe("paid");
    expect(run.steps).toContain("notifyRecordDelayed");
  });

  it("an already paid fine, an unknown one, and the fines register down", async () => {
    const paid = [...world.standIns!.state.fines.values()].find((f) => f.status === "PAID")!;
    const [series, number] = paid.resolutionNumber.split(" ");
    expect((await drive("traffic-fine-payment", applicantFor(PERSONAS.yurii), { answers: { search: { mode: "byResolution", series, number } } })).final).toBe("fineAlreadyPaid");
    expect((await drive("traffic-fine-payment", applicantFor(PERSONAS.olena), { answers: { search: { mode: "byResolution", series: "ЕНА", number: "9999999" } } })).final).toBe("fineNotFound");
    const run = await drive("traffic-fine-payment", applicantFor(PERSONAS.taras), {
      answers: { search: { mode: "myFines" } },
      at: { search: () => fault({ kind: "provider-status", service: "fines", status: 500, times: 3 }) },
    });
    expect(run.final).toBe("registryUnavailable");
  });

  it("a checkout left unpaid for 30 minutes ends as expired", async () => {
    const fine = [...world.standIns!.state.fines.values()].find((f) => f.status === "UNPAID" && f.taxId !== PERSONAS.yurii)!;
    const [series, number] = fine.resolutionNumber.split(" ");
    const run = await drive("traffic-fine-payment", applicantFor(PERSONAS.yurii), { answers: { search: { mode: "byResolution", series, number }, confirmFull: { confirmed: true } }, payments: { pay: "wait" } });
    expect(run.final).toBe("paymentExpired");
  });
});

describe("payment callbacks", () => {
  it("refuse a wrong signature, a stale timestamp and an unknown order; a repeat is accepted and changes nothing", async () => {
    const body = JSON.stringify({ paymentId: "pay_x", orderId: "ord_x", status: "success", amount: 1, currency: "UAH" });
    const now = String(Math.floor(clock.now().getTime() / 1000));
    expect(await runtime.paymentCallback(body, { signature: "0".repeat(64), timestamp: now })).toMatchObject({ status: 400, accepted: false, error: "bad signature" });
    const secret = world.payments!.callbackSecret;
    const old = String(Number(now) - 3600);
    expect(await runtime.paymentCallback(body, { signature: signCallback(secret, old, body), timestamp: old })).toMatchObject({ status: 400, error: "stale callback" });
    expect(await runtime.paymentCallback(body, { "X-Payment-Signature": signCallback(secret, now, body), "X-Payment-Timestamp": now })).toMatchObject({ status: 400, error: "unknown payment" });
  });

  it("a checkout is only for the applicant's own application at a payment step", async () => {
    const olena = applicantFor(PERSONAS.olena);
    const { applicationId } = await runtime.start("traffic-fine-payment", olena);
    await expect(runtime.paymentCheckout(applicationId, "someone-else")).rejects.toMatchObject({ code: "not_found" });
    await expect(runtime.paymentCheckout(applicationId, olena.id)).rejects.toMatchObject({ code: "event_not_allowed" });
    await runtime.cancel(applicationId, "tests");
  });
});

// ── The IDP certificate ────────────────────────────────────────────────────────────────────────

const IDP_ANSWERS = {
  addresses: {
    formerAddress: { region: "Луганська", city: "Сєвєродонецьк", street: "вул. Шевченка", house: "15", apartment: "3" },
    displacementDate: "2022-04-10",
    reason: "occupation",
    currentAddress: { region: "Київська", city: "Ірпінь", street: "вул. Соборна", house: "1" },
  },
  family: { members: [] },
  confirmation: { phone: "+380671234567", accurate: true },
};

describe("IDP certificate against the stand-in registries", () => {
  it("registers a person registered in the occupied region at once; the former address is prefilled from the register", async () => {
    clock.set("2026-03-05T09:00:00Z");
    const kateryna = applicantFor(PERSONAS.kateryna);
    const run = await drive("idp-certificate", kateryna, { answers: IDP_ANSWERS });
    expect(run.final, run.steps.join(" → ")).toBe("issued");
    expect(run.steps).not.toContain("socialReview");
    expect(run.prefills.addresses.formerAddress).toMatchObject({ region: "Луганська", city: "Сєвєродонецьк", street: "вул. Шевченка" });
    expect(await documentsOf(kateryna)).toEqual(["idp-certificate"]);
  });

  it("knows a person already registered", async () => {
    const andrii = applicantFor(PERSONAS.andrii);
    const answers = { ...IDP_ANSWERS, addresses: { ...IDP_ANSWERS.addresses, formerAddress: { region: "Донецька", city: "Маріуполь", street: "просп. Миру", house: "60" } } };
    expect((await drive("idp-certificate", andrii, { answers })).final).toBe("alreadyRegistered");
  });

  it("sends a person registered elsewhere to an officer; the IDP register then registers a region with hostilities and refuses one without", async () => {
    const from = (region: string, city: string) => ({ ...IDP_ANSWERS, addresses: { ...IDP_ANSWERS.addresses, formerAddress: { region, city, street: "вул. Соборна", house: "1" } } });
    const sumy = await drive("idp-certificate", applicantFor(PERSONAS.olena), { answers: from("Сумська", "Суми"), reviews: { socialReview: "approve" } });
    expect(sumy.steps).toContain("socialReview");
    expect(sumy.final).toBe("issued");
    const chernihiv = await drive("idp-certificate", applicantFor(PERSONAS.mykola), { answers: from("Чернігівська", "Чернігів"), reviews: { socialReview: "approve" } });
    expect(chernihiv.final).toBe("idpRejected");
    const overdue = await drive("idp-certificate", applicantFor(PERSONAS.halyna), { answers: from("Харківська", "Харків"), reviews: { socialReview: ["timeout", "reject"] } });
    expect(overdue.steps).toContain("notifyReviewDelayed");
    expect(overdue.final).toBe("rejectedByOfficer");
  });

  it("an unknown person, and the IDP register down", async () => {
    expect((await drive("idp-certificate", applicantFor("3999999992"), { answers: IDP_ANSWERS })).final).toBe("personNotFound");
    const generatedIdp = [...world.standIns!.state.people.values()].find((p: Person) => p.tags.includes("idp") && !Object.values(PERSONAS).includes(p.taxId) && p.registrationAddress)!;
    const answers = { ...IDP_ANSWERS, addresses: { ...IDP_ANSWERS.addresses, formerAddress: { region: generatedIdp.registrationAddress!.region, city: generatedIdp.registrationAddress!.city, street: "вул. Миру", house: "2" } } };
    const run = await drive("idp-certificate", applicantFor(generatedIdp.taxId), {
      answers,
      at: { confirmation: () => fault({ kind: "xroad-error", service: "idp", type: "server.serverproxy.network_error", times: 3 }) },
    });
    expect(run.final).toBe("registryUnavailable");
  });
});

// ── Birth registration ─────────────────────────────────────────────────────────────────────────

describe("birth registration against the stand-in registries", () => {
  const child = (lastName: string) => ({
    lastName,
    firstName: "Марко",
    birthDate: "2026-02-20",
    gender: "MALE",
    placeOfBirth: { region: "м. Київ", city: "Київ", facility: "Київський міський пологовий будинок № 5" },
    medicalCertificateNumber: "20260220001",
  });

  it("married parents: the birth is registered with the child's residence; two documents", async () => {
    clock.set("2026-03-06T09:00:00Z");
    const olena = applicantFor(PERSONAS.olena);
    const run = await drive("birth-registration", olena, {
      answers: {
        parents: { applicantRole: "mother", secondParentTaxId: PERSONAS.taras, married: true, marriageRecord: "1234" },
        child: child("Коваленко"),
        residence: { registerAt: "applicant", accurate: true },
      },
    });
    expect(run.final, run.steps.join(" → ")).toBe("registered");
    expect(run.prefills.child).toEqual({ lastName: "Коваленко" });
    expect(await documentsOf(olena)).toEqual(["birth-certificate", "residence-registration"]);
    expect(world.standIns!.state.births).toHaveLength(1);
  });

  it("unmarried parents: an officer approves; a mistyped second parent is asked again; residence in an occupied town is refused", async () => {
    const kateryna = applicantFor(PERSONAS.kateryna);
    const run = await drive("birth-registration", kateryna, {
      answers: {
        parents: [
          { applicantRole: "mother", secondParentTaxId: "3999999993", married: false },
          { applicantRole: "mother", secondParentTaxId: PERSONAS.andrii, married: false },
        ],
        child: child("Марченко"),
        residence: { registerAt: "applicant", accurate: true },
      },
      reviews: { officerReview: "approve" },
    });
    expect(run.steps).toEqual(expect.arrayContaining(["notifySecondParentNotFound", "officerReview", "registerResidence", "notifyResidenceRejected"]));
    expect(run.final).toBe("registeredWithoutResidence");
  });

  it("the civil registry down ends in registryUnavailable", async () => {
    const run = await drive("birth-registration", applicantFor(PERSONAS.mariia), {
      answers: { parents: { applicantRole: "mother", secondParentTaxId: PERSONAS.dmytro, married: true, marriageRecord: "77" }, child: child("Савчук"), residence: { registerAt: "notNow", accurate: true } },
      at: { residence: () => fault({ kind: "provider-status", service: "civil-registry", status: 503, times: 3 }) },
    });
    expect(run.final).toBe("registryUnavailable");
  });
});

// ── Documents issued through the runtime ───────────────────────────────────────────────────────

describe("a document issued through the runtime", () => {
  let holder: ReturnType<typeof applicantFor>;
  let documentId: string;
  let number: string;

  beforeAll(async () => {
    clock.set("2026-03-07T09:00:00Z");
    holder = applicantFor(PERSONAS.halyna);
    // Halyna's birth city is unknown to the register: she types it.
    const run = await drive("criminal-record-certificate", holder, { answers: { ...CERTIFICATE_ANSWERS, birthPlace: { country: "Україна", city: "Дніпро" } } });
    expect(run.final).toBe("done");
    [{ id: documentId, number }] = await runtime.documents(holder.id);
  });

  it("is a PDF with Cyrillic text whose signature covers its data and its sha256", async () => {
    const { pdf, filename, document } = await runtime.downloadDocument(documentId, holder.id);
    expect(filename).toBe(`criminal-record-certificate-${number}.pdf`);
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe("%PDF-");
    const text = await pdfText(pdf);
    expect(text).toContain("Поліщук Галина Степанівна");
    expect(text).toContain("Criminal record certificate");
    expect(text).toContain("https://civic.example.gov.ua/documents/verify/" + number);
    expect(createHash("sha256").update(pdf).digest("hex")).toBe(document.pdfSha256);
    const stored = (await new PrismaDocumentStore(runtime.database.prisma).documentById(documentId))!;
    expect(verifySignature(signedPayload(stored), stored.signature, stored.keyId, { [signer.keyId]: signer.publicKeyPem })).toBe(true);
    const verified = await runtime.verifyDocument(number, pdf);
    expect(verified.problems, JSON.stringify(verified.seal)).toEqual([]); // on a failure, says why
    expect(verified).toMatchObject({ valid: true });
    const tampered = Uint8Array.from(pdf);
    tampered[tampered.length - 10] ^= 1;
    // Both the register (the hash) and the seal (a PDF reader's check) refuse it.
    expect(await runtime.verifyDocument(number, tampered)).toMatchObject({
      valid: false,
      problems: ["The PDF is not the one issued under this number", expect.stringMatching(/^The PDF's seal is not valid/)],
    });
    // Changed data in the register breaks the signature.
    await runtime.database.prisma.document.update({ where: { id: documentId }, data: { data: document.data.replace("Поліщук", "Поліщюк") } });
    expect(await runtime.verifyDocument(number)).toMatchObject({ valid: false, problems: ["The signature does not match the document's data"] });
    await runtime.database.prisma.document.update({ where: { id: documentId }, data: { data: document.data } });
    expect(await runtime.verifyDocument(number)).toMatchObject({ valid: true });
  });

  it("is downloaded by its holder only", async () => {
    await expect(runtime.downloadDocument(documentId, "someone-else")).rejects.toMatchObject({ code: "not_found" });
    await expect(runtime.shareDocument(documentId, "someone-else")).rejects.toMatchObject({ code: "not_found" });
  });

  it("is shared by a one-time code that shows the card only, and by its QR link", async () => {
    const share = await runtime.shareDocument(documentId, holder.id);
    expect(share.code).toMatch(/^\d{13}$/);
    expect(share.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(share.url).toBe(`https://civic.example.gov.ua/documents/share/${share.token}`);
    expect(Date.parse(share.expiresAt) - clock.now().getTime()).toBe(3 * 60_000);
    // Only hashes are stored.
    const rows = await runtime.database.prisma.documentShare.findMany({ where: { documentId } });
    expect(JSON.stringify(rows)).not.toContain(share.code);
    expect(JSON.stringify(rows)).not.toContain(share.token);

    clock.advance("PT2M");
    const checked = await runtime.verifySharedDocument(share.code);
    expect(checked).toMatchObject({ valid: true, status: "valid", document: { number, type: "criminal-record-certificate" } });
    expect(checked.card!.map((field) => field.key)).toEqual(["fullName", "birthDate", "isCriminalRecord"]);
    expect(checked.card![0].value).toBe("Поліщук Галина Степанівна");
    expect(JSON.stringify(checked)).not.toContain(PERSONAS.halyna); // no tax number, nothing beyond the card
    expect(await runtime.verifySharedDocument(share.code)).toMatchObject({ valid: false, problems: ["The code is unknown or was already used"] });

    const link = await runtime.shareDocument(documentId, holder.id);
    expect(await runtime.verifySharedDocument(link.token)).toMatchObject({ valid: true });
  });

  it("refuses an expired share code", async () => {
    const share = await runtime.shareDocument(documentId, holder.id);
    clock.advance("PT3M");
    clock.advance(1);
    expect(await runtime.verifySharedDocument(share.code)).toMatchObject({ valid: false, problems: ["The code has expired"] });
  });

  it("expires with its validity (30 days), and a revoked one verifies as revoked and cannot be shared", async () => {
    clock.advance("P31D");
    await runtime.worker!.runUntilIdle();
    expect((await runtime.documents(holder.id))[0].status).toBe("expired");
    expect(await runtime.verifyDocument(number)).toMatchObject({ valid: false, status: "expired" });
    await expect(runtime.shareDocument(documentId, holder.id)).rejects.toMatchObject({ code: "event_not_allowed" });

    const [other] = await runtime.documents(applicantIds.olena);
    await runtime.revokeDocument(other.id, "officer:o-1", "issued in error");
    expect(await runtime.verifyDocument(other.number)).toMatchObject({ valid: false, status: "revoked" });
    await expect(runtime.revokeDocument(other.id, "officer:o-1")).rejects.toMatchObject({ code: "event_not_allowed" });
  });
});
