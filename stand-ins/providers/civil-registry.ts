/** Civil registry (ДРАЦС): registers a birth, creating the person in the population register too. */
import { json, problem, type Provider } from "../provider";
import { makeRnokpp } from "../data/rnokpp";
import type { RegistryState } from "../state";
import { DATE, ERROR, TAX_ID, objectOf } from "./schemas";

const DAY = 86_400_000;

export function civilRegistryProvider(state: RegistryState): Provider {
  return {
    registry: "civil-registry",
    service: state.services["civil-registry"],
    title: "Державний реєстр актів цивільного стану (civil registry)",
    endpoints: [
      {
        operationId: "registerBirth",
        method: "POST",
        path: "/v1/birth-registrations",
        summary: "Register a birth",
        request: objectOf(
          {
            child: objectOf(
              {
                lastName: { type: "string" },
                firstName: { type: "string" },
                middleName: { type: "string" },
                gender: { enum: ["MALE", "FEMALE"] },
                birthDate: DATE,
                birthPlace: objectOf({ country: { type: "string" }, region: { type: "string" }, city: { type: "string" } }, ["country", "city"]),
              },
              ["lastName", "firstName", "gender", "birthDate", "birthPlace"],
            ),
            mother: objectOf({ taxId: TAX_ID }),
            father: objectOf({ taxId: TAX_ID }),
            medicalCertificateNumber: { type: "string", description: "the maternity hospital's medical birth certificate (form 103/о)" },
            paternityBasis: { type: "string", description: "marriage or jointApplication" },
            marriageRecord: { type: "string", description: "the marriage's act record number, when married" },
            approvedByOfficer: { type: "boolean", description: "a civil registry officer checked the application" },
          },
          ["child", "mother"],
        ),
        responses: {
          201: {
            description: "registered",
            schema: objectOf({
              actRecordNumber: { type: "string" },
              certificate: objectOf({ series: { type: "string" }, number: { type: "string" } }),
              childTaxId: TAX_ID,
            }),
          },
          422: { description: "rejected", schema: ERROR },
        },
        handle: ({ body, headers }) =>
          state.once("registerBirth", headers["idempotency-key"], () => {
            const input = (body ?? {}) as {
              child?: { lastName?: string; firstName?: string; middleName?: string; gender?: "MALE" | "FEMALE"; birthDate?: string; birthPlace?: { country?: string; city?: string } };
              mother?: { taxId?: string };
              father?: { taxId?: string };
            };
            const child = input.child;
            if (!child?.lastName || !child.firstName || !child.birthDate || !child.gender || !child.birthPlace?.city) {
              return problem(422, "childIncomplete", "The child's name, gender, birth date and birth place are required");
            }
            const mother = input.mother?.taxId ? state.people.get(input.mother.taxId) : undefined;
            if (!mother) return problem(422, "motherUnknown", "The mother is not in the population register");
            if (input.father?.taxId && !state.people.get(input.father.taxId)) {
              return problem(422, "fatherUnknown", "The father is not in the population register");
            }
            const born = Date.parse(child.birthDate + "T00:00:00Z");
            if (!(born <= state.now())) return problem(422, "birthDateInFuture", "The birth date is in the future");
            // A birth is registered within a year in this procedure; older ones go through a court.
            if (state.now() - born > 366 * DAY) return problem(422, "tooLate", "The birth is more than a year ago");
            const serial = 900 + state.births.length;
            const childTaxId = makeRnokpp(child.birthDate, serial, child.gender);
            const registration = {
              actRecordNumber: `${state.today().replaceAll("-", "")}-${String(state.births.length + 1).padStart(4, "0")}`,
              certificate: { series: "I-ТП", number: String(800_000 + state.births.length) },
              child,
              motherTaxId: mother.taxId,
              ...(input.father?.taxId ? { fatherTaxId: input.father.taxId } : {}),
            };
            state.births.push(registration);
            state.people.set(childTaxId, {
              taxId: childTaxId,
              recordNumber: `${child.birthDate.replaceAll("-", "")}-${String(50_000 + serial).slice(-5)}`,
              name: {
                uk: { lastName: child.lastName, firstName: child.firstName, ...(child.middleName ? { middleName: child.middleName } : {}) },
                en: { lastName: child.lastName, firstName: child.firstName },
              },
              previousNames: [],
              birthDate: child.birthDate,
              gender: child.gender,
              birthPlace: { country: child.birthPlace.country ?? "UKR", city: child.birthPlace.city },
              nationalities: ["UKR"],
              registrationAddress: mother.registrationAddress,
              passport: null,
              tags: ["minor", "newborn"],
            });
            return json(201, { actRecordNumber: registration.actRecordNumber, certificate: registration.certificate, childTaxId });
          }),
      },
    ],
  };
}
