/** Drivers register (HSC/МВС): a person's licences in the registry's own DTO shape; issuing a replacement. */
import { json, problem, type Provider } from "../provider";
import { LICENCE_CATEGORIES, LICENCE_STATUSES, makeLicence, status, type DriverLicence } from "../data/licences";
import type { Person } from "../data/people";
import type { RegistryState } from "../state";
import { DATE, ERROR, TAX_ID, objectOf } from "./schemas";

const ID_VALUE = objectOf({ ID: { type: "string" }, VALUE: { type: "string" } });
/** Licence statuses are numeric ids (see LICENCE_STATUSES). */
const STATUS = objectOf({ ID: { type: "integer" }, VALUE: { type: "string" } });
const LICENCE = objectOf({
  id: { type: "string" },
  clientId: { type: "string" },
  department: ID_VALUE,
  docType: ID_VALUE,
  status: STATUS,
  country: ID_VALUE,
  categories: { type: "array", items: objectOf({ category: { type: "string" }, dopen: DATE }) },
  photo: { type: ["string", "null"] },
  ddoc: DATE,
  ndoc: { type: "string" },
  sdoc: { type: "string" },
  dend: DATE,
});
const LICENCES_REPLY = objectOf({
  driverLicense: { type: "array", items: LICENCE },
  client: { type: "object" },
  clientAddr: { type: "array", items: { type: "object" } },
});

/** Statuses a licence can be replaced from online: those Diia shows (ISSUED, STAY, RETURNED_AFTER_KEEPING, MIGRATION, NEED_CONFIRMATION). */
const REPLACEABLE = [1, 9, 10, 11, 1006];

export function driversProvider(state: RegistryState): Provider {
  const licencesOf = (taxId: string) => state.licences.filter((licence) => licence.clientId === `C${taxId}`);
  return {
    registry: "drivers",
    service: state.services.drivers,
    title: "Єдиний державний реєстр МВС, водійські посвідчення (drivers register)",
    description: `Licence statuses: ${Object.entries(LICENCE_STATUSES).map(([id, name]) => `${id} ${name}`).join(", ")}.`,
    endpoints: [
      {
        operationId: "getLicences",
        method: "POST",
        path: "/v1/licences/search",
        summary: "Driving licences of a person",
        request: objectOf({ rnokpp: TAX_ID }),
        responses: { 200: { description: "found", schema: LICENCES_REPLY }, 404: { description: "notFound", schema: ERROR } },
        handle: ({ body }) => {
          const rnokpp = (body as { rnokpp?: unknown } | undefined)?.rnokpp;
          if (typeof rnokpp !== "string" || !/^\d{10}$/.test(rnokpp)) return problem(400, "badRequest", "rnokpp must be 10 digits");
          const person = state.people.get(rnokpp);
          const licences = licencesOf(rnokpp);
          if (!person || licences.length === 0) return problem(404, "notFound", "No driving licences for this person");
          return json(200, { driverLicense: licences, client: client(person), clientAddr: clientAddresses(person) });
        },
      },
      {
        operationId: "issueLicence",
        method: "POST",
        path: "/v1/licences",
        summary: "Issue a new licence replacing an old one",
        request: objectOf(
          {
            rnokpp: TAX_ID,
            replacesLicenceId: { type: "string", description: "id of the licence being replaced (alias: replaces)" },
            reason: { type: "string", description: "lost, stolen, damaged, expired or nameChange (any case)" },
            categories: { type: "array", items: { anyOf: [{ enum: LICENCE_CATEGORIES }, objectOf({ category: { enum: LICENCE_CATEGORIES }, dopen: DATE }, ["category"])] } },
            // The passport data recorded with the new licence, and where and how it was paid for.
            clientId: { type: "string", description: "the register's id of the person (client.clientId of getLicences)" },
            departmentId: { type: "string", description: "the service centre that issues the card" },
            lastName: { type: "string" },
            firstName: { type: "string" },
            middleName: { type: ["string", "null"] },
            birthDate: DATE,
            unzr: { type: "string", description: "УНЗР" },
            paymentId: { type: ["string", "null"], description: "the fee's payment, when one was charged" },
          },
          ["rnokpp", "replacesLicenceId", "reason"],
        ),
        responses: {
          201: { description: "issued: the new licence, and the replaced one", schema: { ...LICENCE, properties: { ...(LICENCE.properties as object), replaced: LICENCE } } },
          422: { description: "rejected", schema: ERROR },
        },
        handle: ({ body, headers }) =>
          state.once("issueLicence", headers["idempotency-key"], () => {
            const input = (body ?? {}) as { rnokpp?: string; replacesLicenceId?: string; replaces?: string; reason?: string; categories?: (string | { category: string })[] };
            const person = input.rnokpp ? state.people.get(input.rnokpp) : undefined;
            if (!person) return problem(422, "personUnknown", "No person with this tax number");
            const replaces = input.replacesLicenceId ?? input.replaces;
            const old = licencesOf(person.taxId).find((licence) => licence.id === replaces);
            if (!old) return problem(422, "licenceUnknown", "The person has no such licence");
            if (!REPLACEABLE.includes(Number(old.status.ID))) {
              return problem(422, "notReplaceable", `A licence in status ${old.status.VALUE} cannot be replaced`);
            }
            if (Date.parse(person.birthDate) > state.now() - 18 * 365.25 * 86_400_000) {
              return problem(422, "tooYoung", "The person is under 18");
            }
            // The old licence is closed with the reason's status: lost, stolen or damaged, otherwise OLD.
            const reasonStatus: Record<string, number> = { lost: 7, stolen: 8, damaged: 2 };
            old.status = status(reasonStatus[(input.reason ?? "").toLowerCase()] ?? 5);
            const wanted = input.categories?.length
              ? input.categories.map((c) => (typeof c === "string" ? c : c.category))
              : old.categories.map((c) => c.category);
            const replacement: DriverLicence = makeLicence(person, licencesOf(person.taxId).length, {
              issued: state.today(),
              years: 30,
              statusId: 1,
              categories: wanted,
              department: old.department,
            });
            // Categories keep the dates they were first opened.
            replacement.categories = wanted.map((category) => ({
              category,
              dopen: old.categories.find((c) => c.category === category)?.dopen ?? state.today(),
            }));
            state.licences.push(replacement);
            return json(201, { ...replacement, replaced: old });
          }),
      },
    ],
  };
}

function client(person: Person) {
  return {
    inn: person.taxId,
    clientId: `C${person.taxId}`,
    country: { ID: "804", VALUE: "УКРАЇНА" },
    lastNameUA: person.name.uk.lastName,
    firstNameUA: person.name.uk.firstName,
    middleNameUA: person.name.uk.middleName ?? null,
    lastNameEN: person.name.en.lastName,
    firstNameEN: person.name.en.firstName,
    birthday: person.birthDate,
    sex: { ID: person.gender === "MALE" ? "M" : "F", VALUE: person.gender === "MALE" ? "Чоловіча" : "Жіноча" },
    recordNumber: person.recordNumber,
  };
}

function clientAddresses(person: Person) {
  const addresses: Record<string, unknown>[] = [];
  if (person.registrationAddress) {
    addresses.push({ addressType: { ID: "100", VALUE: "Реєстрація" }, ...person.registrationAddress });
  }
  if (person.birthPlace) {
    addresses.push({ addressType: { ID: "103", VALUE: "Місце народження" }, country: person.birthPlace.country, city: person.birthPlace.city });
  }
  return addresses;
}
