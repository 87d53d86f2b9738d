/** IDP register (ЄІБД ВПО): finds a person's registration; registers an internally displaced person and issues the certificate number. */
import { json, problem, type Provider } from "../provider";
import type { RegistryState } from "../state";
import { ADDRESS, DATE, ERROR, TAX_ID, objectOf } from "./schemas";

/** Regions with temporarily occupied territories or hostilities (the demo's simplification of the official list). */
const OCCUPIED_OR_COMBAT = [
  "Автономна Республіка Крим",
  "м. Севастополь",
  "Донецька",
  "Луганська",
  "Запорізька",
  "Херсонська",
  "Харківська",
  "Сумська",
  "Миколаївська",
  "Дніпропетровська",
];

/** A registration as the register keeps it. */
const REGISTRATION = objectOf(
  { taxId: TAX_ID, certificateNumber: { type: "string" }, registeredOn: { type: "string", format: "date" }, actualAddress: ADDRESS },
  ["taxId", "certificateNumber", "registeredOn"],
);

export function idpProvider(state: RegistryState): Provider {
  return {
    registry: "idp",
    service: state.services.idp,
    title: "Єдина інформаційна база даних про ВПО (IDP register)",
    endpoints: [
      {
        // A real register answers who is registered; registerIdp is its only write.
        operationId: "findIdp",
        method: "POST",
        path: "/v1/idp-registrations/search",
        summary: "A person's IDP registration by tax number (read-only)",
        request: objectOf({ taxId: TAX_ID }),
        responses: { 200: { description: "found", schema: REGISTRATION }, 404: { description: "notFound", schema: ERROR } },
        handle: ({ body }) => {
          const taxId = (body as { taxId?: unknown } | undefined)?.taxId;
          if (typeof taxId !== "string" || !/^\d{10}$/.test(taxId)) return problem(400, "badRequest", "taxId must be 10 digits");
          const registration = state.idpRegistrations.get(taxId);
          if (!registration) return problem(404, "notFound", "No IDP registration for this tax number");
          return json(200, registration);
        },
      },
      {
        operationId: "registerIdp",
        method: "POST",
        path: "/v1/idp-registrations",
        summary: "Register an internally displaced person",
        request: objectOf(
          {
            taxId: TAX_ID,
            recordNumber: { type: "string", description: "УНЗР" },
            actualAddress: ADDRESS,
            previousAddress: ADDRESS,
            reason: { type: "string" },
            displacementDate: DATE,
            familyMembers: { type: "array", items: { type: "object" }, description: "family members displaced together" },
            phone: { type: "string" },
            verifiedByOfficer: { type: "boolean", description: "a social protection officer checked the application" },
          },
          ["taxId", "actualAddress"],
        ),
        responses: {
          201: { description: "registered", schema: objectOf({ certificateNumber: { type: "string" }, registeredOn: { type: "string", format: "date" } }) },
          409: { description: "alreadyRegistered", schema: objectOf({ error: { type: "string" }, certificateNumber: { type: "string" } }) },
          422: { description: "rejected", schema: ERROR },
        },
        handle: ({ body, headers }) =>
          state.once("registerIdp", headers["idempotency-key"], () => {
            const input = (body ?? {}) as { taxId?: string; actualAddress?: { region?: string; city?: string }; previousAddress?: { region?: string } };
            const person = input.taxId ? state.people.get(input.taxId) : undefined;
            if (!person) return problem(422, "personUnknown", "No person with this tax number");
            const existing = state.idpRegistrations.get(person.taxId);
            if (existing) {
              return json(409, { error: "alreadyRegistered", message: "Already registered", certificateNumber: existing.certificateNumber });
            }
            const from = input.previousAddress?.region ?? person.registrationAddress?.region;
            if (!from || !OCCUPIED_OR_COMBAT.includes(from)) {
              return problem(422, "notDisplaced", "The previous place of residence is not in an occupied or combat area");
            }
            if (!input.actualAddress?.city) return problem(422, "addressIncomplete", "The actual address lacks a city");
            const registration = {
              taxId: person.taxId,
              certificateNumber: `${3200 + state.idpRegistrations.size}-${person.taxId.slice(-6)}`,
              registeredOn: state.today(),
              actualAddress: input.actualAddress,
            };
            state.idpRegistrations.set(person.taxId, registration);
            return json(201, { certificateNumber: registration.certificateNumber, registeredOn: registration.registeredOn });
          }),
      },
    ],
  };
}
