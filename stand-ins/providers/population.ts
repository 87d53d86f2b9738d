/** Population register (ЄДДР): a person by tax number; registration of the place of residence. */
import { randomUUID } from "node:crypto";
import { json, problem, type Provider } from "../provider";
import type { RegistryState } from "../state";
import { placeOf, type Person } from "../data/people";
import { ADDRESS, ERROR, PERSON, TAX_ID, objectOf } from "./schemas";

/**
 * The register's record of a person. Besides the structured name it carries the current name flat
 * (lastName/firstName/middleName, as passport services return it) and the УНЗР also as `unzr`; optional
 * parts are present as null rather than missing, so definitions can test them. Nationalities are
 * {name, code} pairs, as the documents service returns them.
 */
export function personRecord(person: Person) {
  const { tags: _tags, ...record } = person;
  const place = person.birthPlace?.city ? placeOf(person.birthPlace.city) : undefined;
  return {
    ...record,
    lastName: person.name.uk.lastName,
    firstName: person.name.uk.firstName,
    middleName: person.name.uk.middleName ?? null,
    unzr: person.recordNumber,
    // As the documents service returns them (diia-services.md): name and ISO alpha-3 code.
    nationalities: person.nationalities.map((code) => ({ name: COUNTRY_NAMES[code] ?? code, code })),
    birthPlace: person.birthPlace && {
      country: person.birthPlace.country,
      region: place?.region ?? null,
      district: place?.district ?? null,
      city: person.birthPlace.city,
    },
    registrationAddress: person.registrationAddress && {
      district: null,
      apartment: null,
      ...person.registrationAddress,
    },
  };
}

/** Ukrainian names of the demo people's countries of citizenship. */
const COUNTRY_NAMES: Record<string, string> = { UKR: "Україна", POL: "Польща", GEO: "Грузія", MDA: "Молдова", DEU: "Німеччина" };

const OCCUPIED_REGIONS = ["Донецька", "Луганська", "Автономна Республіка Крим"];

export function populationProvider(state: RegistryState): Provider {
  return {
    registry: "population",
    service: state.services.population,
    title: "Єдиний державний демографічний реєстр (population register)",
    description: "Stand-in of the State Migration Service's register. The tax number goes in the body, never in the path.",
    endpoints: [
      {
        operationId: "getPerson",
        method: "POST",
        path: "/v1/persons/lookup",
        summary: "Person by tax number, with passport, birth place, nationalities and registration address",
        request: objectOf({ taxId: TAX_ID }),
        responses: { 200: { description: "found", schema: PERSON }, 404: { description: "notFound", schema: ERROR } },
        handle: ({ body }) => {
          const taxId = (body as { taxId?: unknown } | undefined)?.taxId;
          if (typeof taxId !== "string" || !/^\d{10}$/.test(taxId)) return problem(400, "badRequest", "taxId must be 10 digits");
          const person = state.people.get(taxId);
          if (!person) return problem(404, "notFound", "No person with this tax number");
          return json(200, personRecord(person));
        },
      },
      {
        operationId: "registerResidence",
        method: "POST",
        path: "/v1/residence-registrations",
        summary: "Register a person's place of residence",
        request: objectOf({ taxId: TAX_ID, address: ADDRESS }),
        responses: {
          201: {
            description: "registered",
            schema: objectOf({ registrationId: { type: "string" }, registeredOn: { type: "string" }, address: ADDRESS }),
          },
          422: { description: "rejected", schema: ERROR },
        },
        handle: ({ body, headers }) =>
          state.once("registerResidence", headers["idempotency-key"], () => {
            const input = (body ?? {}) as { taxId?: string; address?: Record<string, string> };
            const person = input.taxId ? state.people.get(input.taxId) : undefined;
            if (!person) return problem(422, "personUnknown", "No person with this tax number");
            const address = input.address;
            const missing = ["region", "city", "street", "house"].filter((field) => !address?.[field]);
            if (!address || missing.length) return problem(422, "addressIncomplete", `Address lacks ${missing.join(", ")}`);
            if (OCCUPIED_REGIONS.includes(address.region)) {
              return problem(422, "occupiedTerritory", "Residence cannot be registered in a temporarily occupied territory");
            }
            person.registrationAddress = { country: "UKR", ...address } as typeof person.registrationAddress;
            return json(201, { registrationId: randomUUID(), registeredOn: state.today(), address: person.registrationAddress });
          }),
      },
    ],
  };
}
