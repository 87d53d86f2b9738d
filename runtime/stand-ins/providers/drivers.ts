/** Drivers register (HSC/МВС): a person's licences in the registry's own DTO shape; issuing a replacement. */
import { json, problem, type Provider } from "../provider";
import { LICENCE_CATEGORIES, LICENCE_STATUSES, makeLicence, status, type DriverLicence } from "../data/licences";
import type { Person } from "../data/people";
import type { RegistryState } from "../state";
import { DATE, ERROR, TAX_ID, objectOf } from "./schemas";

const ID_VALUE = objectOf({ ID: { type: "string" }, VALUE: { type: "string" } });
const LICENCE = objectOf({
  id: { type: "string" },
  clientId: { type: "string" },
  department: ID_VALUE,
  docType: ID_VALUE,
  status: ID_VALUE,
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

/** Statuses a licence can be replaced from (lost, stolen, damaged, expired or a change of data). */
const REPLACEABLE = [1, 2, 7, 8, 9, 10, 11, 1006];

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
            replaces: { type: "string", description: "id of the licence being replaced" },
            reason: { enum: ["LOST", "STOLEN", "DAMAGED", "EXPIRED", "DATA_CHANGED"] },
            categories: { type: "array", items: { enum: LICENCE_CATEGORIES } },
          },
          ["rnokpp", "replaces", "reason"],
        ),
        responses: {
          201: { description: "issued", schema: objectOf({ driverLicense: LICENCE, replaced: LICENCE }) },
          422: { description: "rejected", schema: ERROR },
        },
        handle: ({ body, headers }) =>
          state.once("issueLicence", headers["idempotency-key"], () => {
            const input = (body ?? {}) as { rnokpp?: string; replaces?: string; reason?: string; categories?: string[] };
            const person = input.rnokpp ? state.people.get(input.rnokpp) : undefined;
            if (!person) return problem(422, "personUnknown", "No person with this tax number");
            const old = licencesOf(person.taxId).find((licence) => licence.id === input.replaces);
            if (!old) return problem(422, "licenceUnknown", "The person has no such licence");
            if (!REPLACEABLE.includes(Number(old.status.ID))) {
              return problem(422, "notReplaceable", `A licence in status ${old.status.VALUE} cannot be replaced`);
            }
            const reasonStatus: Record<string, number> = { LOST: 7, STOLEN: 8, DAMAGED: 2 };
            old.status = status(reasonStatus[input.reason ?? ""] ?? 5);
            const categories = input.categories?.length ? input.categories : old.categories.map((c) => c.category);
            const replacement: DriverLicence = makeLicence(person, licencesOf(person.taxId).length, {
              issued: state.today(),
              years: 30,
              statusId: 1,
              categories,
              department: old.department,
            });
            replacement.categories = categories.map((category) => ({
              category,
              dopen: old.categories.find((c) => c.category === category)?.dopen ?? state.today(),
            }));
            state.licences.push(replacement);
            return json(201, { driverLicense: replacement, replaced: old });
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
