/**
 * Mutation test of the examples: scripted single mutations (a retargeted edge, a misspelt field or
 * decision, a wrong type, a removed text…) of the example services. Each must be caught: by
 * `validateDefinition` with an error at the mutated line (the aim), else elsewhere, else by the
 * service's scenarios. The table and every mutation not caught at its line are printed.
 */
import { describe, expect, it } from "vitest";
import { compileDefinition, loadDefinition, parseScenario, runScenario, type Issue } from "../engine";
import { exampleCatalog, exampleServices } from ".";

interface Mutation {
  service: string;
  what: string;
  find: string;
  replace: string;
}

const T = "traffic-fine-payment";
const C = "criminal-record-certificate";
const B = "birth-registration";
const D = "driver-licence-replacement";
const I = "idp-certificate";

const m = (service: string, what: string, find: string, replace: string): Mutation => ({ service, what, find, replace });

const MUTATIONS: Mutation[] = [
  // Retargets: a missing step or a misspelt one.
  m(T, "retarget next to a missing step", "    next: byMode\n", "    next: byModes\n"),
  m(T, "retarget an outcome to a missing step", "on: { found: chooseFine, notFound", "on: { found: chooseFines, notFound"),
  m(C, "retarget an outcome to a missing step", "minor: tooYoung,", "minor: tooYung,"),
  m(C, "retarget a registry outcome", "      ready: issueCertificate\n      pending:", "      ready: issueCertificat\n      pending:"),
  m(B, "retarget next to a missing step", "    next: lookupSecondParent\n", "    next: lookupSecondParents\n"),
  m(D, "retarget an officer's decision", "on: { approve: issueLicence, reject: rejectedByOfficer }", "on: { approve: issueLicense, reject: rejectedByOfficer }"),
  m(I, "retarget next to a missing step", "    next: family\n", "    next: familly\n"),
  // Misspelt outcomes and decisions.
  m(B, "misspelt review decision", "sendBack: parents,", "sendback: parents,"),
  m(D, "misspelt review decision", "sendBack: notifySentBack,", "sendback: notifySentBack,"),
  m(I, "misspelt registry outcome", "alreadyRegistered: alreadyRegistered, rejected", "alreadyregistered: alreadyRegistered, rejected"),
  m(B, "error outcome removed", "rejected: birthRejected, error: registryUnavailable }", "rejected: birthRejected }"),
  m(T, "payment timeout removed", "on: { paid: markPaid, failed: discount, timeout: paymentExpired }", "on: { paid: markPaid, failed: discount }"),
  // Catalog references.
  m(T, "wrong registry operation", "    operation: markPaid\n", "    operation: markPayed\n"),
  m(C, "wrong registry", "    registry: criminal-records\n    operation: orderCertificate", "    registry: criminal-record\n    operation: orderCertificate"),
  m(B, "wrong registry operation", "    operation: registerResidence\n", "    operation: registerResidense\n"),
  m(C, "wrong handler", "    handler: age-check\n", "    handler: age-chek\n"),
  m(C, "wrong handler version", "    handler: age-check\n    version: 1\n", "    handler: age-check\n    version: 2\n"),
  m(D, "wrong handler version", "    handler: fee-calculation\n    version: 1\n", "    handler: fee-calculation\n    version: 3\n"),
  m(C, "wrong template", "    template: criminal-record-certificate\n", "    template: criminal-record-certificat\n"),
  m(B, "wrong template", "    template: birth-certificate\n", "    template: birthcertificate\n"),
  m(I, "wrong template", "    template: idp-certificate\n", "    template: idp-certificat\n"),
  m(B, "wrong role", "    role: civil-registry-officer\n", "    role: civil-registry-oficer\n"),
  m(D, "wrong role", "    role: hsc-officer\n", "    role: hsc-oficer\n"),
  m(I, "wrong role", "    role: social-officer\n", "    role: social-oficer\n"),
  // Durations.
  m(C, "invalid poll interval", "      every: PT1H\n", "      every: 1 hour\n"),
  m(T, "invalid literal duration", 'duration("264h")\'\n        next: confirmDiscounted', 'duration("264 hours")\'\n        next: confirmDiscounted'),
  // Fields read that do not exist: forms, registry and handler results, officers' decisions.
  m(C, "misspelt form field", "      purpose: request.reasonId\n    saveAs: order", "      purpose: request.reason\n    saveAs: order"),
  m(C, "misspelt registry result field", "content: certificate.result.content", "content: certificate.result.contnt"),
  m(D, "misspelt handler result field", "    amount: fee.amount\n", "    amount: fee.amnt\n"),
  m(D, "misspelt form field in a task's input", "input: { case: reason.reason }", "input: { case: reason.reasons }"),
  m(D, "misspelt field in a comprehension", "'licences.driverLicense.exists(l, l.status.ID in", "'licences.driverLicense.exists(l, l.status.IDD in"),
  m(D, "misspelt field in a map()", "newLicence.categories.map(c, c.category)", "newLicence.categories.map(c, c.categry)"),
  m(D, "misspelt registry result field", "authority: newLicence.department.VALUE", "authority: newLicence.department.VAL"),
  m(D, "misspelt registry result field", "      surname: person.lastName", "      surname: person.lastname"),
  m(D, "misspelt decision field in has()", "has(review.reason) ? review.reason", "has(review.reson) ? review.reson"),
  m(B, "misspelt registry result field", "series: birthRecord.certificate.series", "series: birthRecord.certificate.serie"),
  m(B, "misspelt nested registry field", "lastName: applicantPerson.name.uk.lastName", "lastName: applicantPerson.name.ua.lastName"),
  m(I, "misspelt form field", "addresses.formerAddress.region'", "addresses.formerAddress.regoin'"),
  m(I, "misspelt registry result field", "certificateNumber: idpRecord.certificateNumber", "certificateNumber: idpRecord.certificateNo"),
  m(I, "misspelt registry result field", "recordNumber: person.recordNumber", "recordNumber: person.recordNumbr"),
  m(I, "misspelt nested registry field", "person.passport.number :", "person.passport.numbr :"),
  m(T, "misspelt field of a list item", "myFines.fines[0].resolutionNumber", "myFines.fines[0].resolutionNumbr"),
  m(T, "misspelt nested registry field", "offence: lookup.fine.offence.description", "offence: lookup.fine.offence.descripton"),
  // Values an enum never takes, wherever the comparison is.
  m(T, "misspelt enum value in a condition", "'search.mode == \"myFines\"'", "'search.mode == \"myFine\"'"),
  m(C, "misspelt enum value in a ternary", 'request.type == "full"', 'request.type == "ful"'),
  m(B, "wrong enum value in a map literal", '{"taxId": parents.applicantRole == "mother"', '{"taxId": parents.applicantRole == "mom"'),
  m(B, "misspelt officer decision", 'officerReview.decision == "approve"', 'officerReview.decision == "approved"'),
  m(B, "misspelt enum value in a condition", 'residence.registerAt != "notNow"', 'residence.registerAt != "notnow"'),
  m(B, "misspelt enum value in a mapping", 'residence.registerAt == "applicant"', 'residence.registerAt == "aplicant"'),
  m(D, "misspelt enum value in a folded condition", 'reason.reason == "nameChange"', 'reason.reason == "namechange"'),
  m(I, "misspelt officer decision", 'socialReview.decision == "approve"', 'socialReview.decision == "aprove"'),
  // Wrong types.
  m(T, "string amount", "    amount: 'timestamp(application.createdAt)", "    amount: '\"850\"' # 'timestamp(application.createdAt)"),
  m(D, "string amount", "    amount: fee.amount\n", "    amount: '\"230\"'\n"),
  m(T, "int and double mixed", "amountDue: double(lookup.fine.amount) / 2.0", "amountDue: lookup.fine.amount / 2"),
  m(T, "string plus number", "currency: '\"UAH\"'", "currency: '\"UAH\" + 1'"),
  m(D, "string plus number", "givenNames: 'person.firstName + (", "givenNames: 'person.firstName + 1 + ("),
  m(I, "string plus number", "middleName: 'has(person.name.uk.middleName) ? person.name.uk.middleName : \"\"'", "middleName: 'has(person.name.uk.middleName) ? person.name.uk.middleName + 1 : \"\"'"),
  m(B, "boolean compared with a string", "paternityBasis: 'parents.married == true", "paternityBasis: 'parents.married == \"true\""),
  m(B, "boolean compared with a number", "      - when: parents.married == true\n", "      - when: parents.married == 1\n"),
  m(C, "non-boolean condition", "      - when: 'birthPlace == null && (person == null || person.birthPlace == null)'", "      - when: 'person.birthPlace'"),
  m(T, "non-boolean condition", "      - when: 'timestamp(application.createdAt) < timestamp(lookup.fine.issuedOn + \"T00:00:00Z\") + duration(\"264h\")'", "      - when: 'lookup.fine.issuedOn'"),
  m(I, "text compared with a number", "person.registrationAddress.region == addresses.formerAddress.region'", "person.registrationAddress.region == 5'"),
  m(T, "invalid literal timestamp", "timestamp(application.createdAt) < timestamp(lookup.fine.issuedOn + \"T00:00:00Z\") + duration(\"264h\")'\n        next: confirmDiscounted", "timestamp(\"2025-02-30T00:00:00Z\") < timestamp(lookup.fine.issuedOn + \"T00:00:00Z\") + duration(\"264h\")'\n        next: confirmDiscounted"),
  // Optional fields read without has().
  m(C, "optional applicant field unguarded", "      phone: 'has(applicant.phone) ? applicant.phone : null'", "      phone: applicant.phone"),
  m(I, "optional applicant field unguarded", "      email: 'has(applicant.email) ? applicant.email : \"\"'", "      email: applicant.email"),
  m(C, "optional applicant field unguarded", "      middleName: 'has(applicant.middleName) ? applicant.middleName : null'", "      middleName: applicant.middleName"),
  m(B, "optional form field unguarded", "      middleName: 'has(child.middleName) ? child.middleName : \"\"'\n      birthDate: child.birthDate\n      gender", "      middleName: child.middleName\n      birthDate: child.birthDate\n      gender"),
  // Unknown names.
  m(T, "misspelt saved name", "      paidAmount: payment.amount", "      paidAmount: paymnt.amount"),
  m(I, "misspelt saved name", "      phone: confirmation.phone", "      phone: confirmaton.phone"),
  // Contracts broken at one end: what is read elsewhere no longer fits (caught where it is read).
  m(C, "form field renamed (read elsewhere)", "          description: { uk: Оберіть країну, en: Choose the country }\n        city:", "          description: { uk: Оберіть країну, en: Choose the country }\n        town:"),
  m(B, "form field's type changed (compared elsewhere)", "        married:\n          type: boolean", "        married:\n          type: string"),
  m(B, "document data the template requires removed", "      actRecordNumber: birthRecord.actRecordNumber\n", ""),
  // Texts.
  m(T, "translation removed", "title: { uk: Пошук штрафу, en: Find a fine }", "title: { uk: Пошук штрафу }"),
  m(B, "translation removed", "title: { uk: Батьки дитини, en: The child's parents }", "title: { uk: Батьки дитини }"),
  m(C, "unknown step property", "    every: PT1H", "    evry: PT1H"),
  m(D, "unknown step kind", "    kind: payment\n", "    kind: paymant\n"),
];

type Outcome = "at-line" | "elsewhere" | "scenarios" | "survived" | "crashed";

/** The lines of the mutated text that differ from the original (a removal: the lines around the gap). */
function mutatedLines(original: string, mutated: string): Set<number> {
  let start = 0;
  while (start < original.length && original[start] === mutated[start]) start++;
  let endOriginal = original.length;
  let endMutated = mutated.length;
  while (endOriginal > start && endMutated > start && original[endOriginal - 1] === mutated[endMutated - 1]) {
    endOriginal--;
    endMutated--;
  }
  const first = mutated.slice(0, start).split("\n").length;
  const last = mutated.slice(0, Math.max(start, endMutated)).split("\n").length;
  const lines = new Set<number>();
  for (let line = first; line <= last; line++) lines.add(line);
  return lines;
}

describe("mutations of the examples", () => {
  const catalog = exampleCatalog();
  const services = new Map(exampleServices().map((s) => [s.id, s]));

  it(`catches at least 90% of ${MUTATIONS.length} single mutations at their line, 98% in all, and never crashes`, () => {
    expect(MUTATIONS.length).toBeGreaterThanOrEqual(60);
    const results: { mutation: Mutation; outcome: Outcome; detail: string }[] = [];
    for (const mutation of MUTATIONS) {
      const service = services.get(mutation.service)!;
      expect(service, mutation.service).toBeDefined();
      const occurrences = service.text.split(mutation.find).length - 1;
      expect(occurrences, `"${mutation.find}" in ${mutation.service}`).toBe(1);
      const text = service.text.replace(mutation.find, mutation.replace);
      const lines = mutatedLines(service.text, text);
      let outcome: Outcome;
      let detail = "";
      try {
        const loaded = loadDefinition(text, { catalog });
        const errors = loaded.issues.filter((i: Issue) => i.severity === "error");
        const atLine = errors.find((i) => lines.has(i.line));
        if (atLine) [outcome, detail] = ["at-line", `${atLine.code}`];
        else if (errors.length) [outcome, detail] = ["elsewhere", errors.map((i) => `${i.code}@${i.line}`).join(", ")];
        else {
          const compiled = compileDefinition(loaded.definition!);
          const failures = service.scenarios.flatMap((file) => {
            const { scenario } = parseScenario(file.text);
            return scenario ? runScenario(compiled, scenario).failures : [`${file.file}: does not parse`];
          });
          [outcome, detail] = failures.length ? ["scenarios", failures[0]] : ["survived", ""];
        }
      } catch (error) {
        [outcome, detail] = ["crashed", String((error as Error)?.stack ?? error).split("\n").slice(0, 3).join(" ")];
      }
      results.push({ mutation, outcome, detail });
    }
    const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
    const percent = (n: number) => `${((100 * n) / results.length).toFixed(1)}%`;
    const table = (["at-line", "elsewhere", "scenarios", "survived", "crashed"] as Outcome[]).map((o) => `${o.padEnd(10)} ${String(count(o)).padStart(3)}  ${percent(count(o))}`);
    const notAtLine = results.filter((r) => r.outcome !== "at-line").map((r) => `  ${r.outcome.padEnd(10)} ${r.mutation.service}: ${r.mutation.what} (${r.mutation.replace.trim().replace(/\n\s*/g, " ⏎ ").slice(0, 60)}) ${r.detail.slice(0, 160)}`);
    console.log([`Mutations of the examples: ${results.length}`, ...table, "Not caught at their line:", ...(notAtLine.length ? notAtLine : ["  none"])].join("\n"));
    expect(count("crashed"), notAtLine.join("\n")).toBe(0);
    expect(count("at-line") / results.length, notAtLine.join("\n")).toBeGreaterThanOrEqual(0.9);
    expect((count("at-line") + count("elsewhere") + count("scenarios")) / results.length, notAtLine.join("\n")).toBeGreaterThanOrEqual(0.98);
  });
});
