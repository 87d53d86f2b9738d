/**
 * Criminal-records registry (МВС): orders a certificate, tells its status, hands out the PDF with a detached
 * signature. Replies follow Diia's provider: order → {id?, status: COMPLETED | MORE_THAN_ONE_IN_PROGRESS | …},
 * download → {document?, signature?} (both absent while the check goes on).
 */
import { json, problem, type Provider } from "../provider";
import type { CertificateOrder, RegistryState } from "../state";
import { renderRegistryCertificate, registrySigningKey } from "./certificate-pdf";
import { DATE, ERROR, TAX_ID, objectOf } from "./schemas";

const ORDER_REQUEST = {
  type: "object",
  required: ["clientId", "firstName", "lastName", "gender", "birthDate", "type", "purpose"],
  properties: {
    clientId: { ...TAX_ID, description: "РНОКПП of the requester" },
    firstName: { type: "string" },
    lastName: { type: "string" },
    middleName: { type: "string" },
    firstNameChanged: { type: "boolean" },
    lastNameChanged: { type: "boolean" },
    middleNameChanged: { type: "boolean" },
    firstNameBefore: { type: "string" },
    lastNameBefore: { type: "string" },
    middleNameBefore: { type: "string" },
    gender: { enum: ["MALE", "FEMALE"] },
    birthDate: DATE,
    birthCountry: { type: "string" },
    birthRegion: { type: "string" },
    birthDistrict: { type: "string" },
    birthCity: { type: "string" },
    registrationCountry: { type: "string" },
    registrationRegion: { type: "string" },
    registrationDistrict: { type: "string" },
    registrationCity: { type: "string" },
    nationality: { type: "string", description: "comma-joined" },
    phone: { type: "string" },
    type: { enum: ["SHORT", "FULL"] },
    purpose: { type: "string", description: "reason code" },
  },
};

const ORDER_ID = { type: "integer", description: "The order's number, as orderCertificate answers it" };
const ORDER_REPLY = objectOf(
  { id: ORDER_ID, status: { enum: ["COMPLETED", "IN_PROGRESS", "MORE_THAN_ONE_IN_PROGRESS"] } },
  ["status"],
);

/** Diia's order.result: the registry's verdict once the check is done. */
function orderResult(order: CertificateOrder, done: boolean) {
  return {
    id: order.id,
    client_id: order.taxId,
    first_name: order.request.firstName,
    last_name: order.request.lastName,
    middle_name: order.request.middleName ?? null,
    gender: order.request.gender,
    birth_date: order.request.birthDate,
    status: done ? "COMPLETED" : "IN_PROGRESS",
    content: done
      ? order.hasRecord
        ? "Має судимість: ст. 185 ч. 1 КК України, вирок від 14.03.2019, покарання відбуто."
        : "Станом на дату формування не знятої чи не погашеної судимості не має, в розшуку не перебуває."
      : null,
    isCriminalRecord: done ? order.hasRecord : null,
    isSuspicion: done ? false : null,
  };
}

export function criminalRecordsProvider(state: RegistryState): Provider {
  const pending = (order: CertificateOrder) => state.now() < order.readyAt;
  return {
    registry: "criminal-records",
    service: state.services["criminal-records"],
    title: "Інформаційна підсистема МВС (criminal-records registry)",
    description:
      "Stand-in of the MVS certificate service. The signature is a detached Ed25519 signature over the PDF " +
      "(the real registry returns PKCS#7 .p7s); its public key is at GET /v1/signing-key.",
    endpoints: [
      {
        operationId: "orderCertificate",
        method: "POST",
        path: "/v1/certificate-orders",
        summary: "Order a criminal-record certificate",
        request: ORDER_REQUEST,
        responses: {
          200: { description: "completed | accepted | moreThanOneInProgress (by status)", schema: ORDER_REPLY },
          400: { description: "invalid request", schema: ERROR },
        },
        handle: ({ body, headers }) =>
          state.once("orderCertificate", headers["idempotency-key"], () => {
            const input = (body ?? {}) as Record<string, unknown>;
            const missing = ORDER_REQUEST.required.filter((field) => input[field] === undefined || input[field] === "");
            if (missing.length) return problem(400, "badRequest", `Missing ${missing.join(", ")}`);
            if (!["SHORT", "FULL"].includes(String(input.type))) return problem(400, "badRequest", "type must be SHORT or FULL");
            const taxId = String(input.clientId);
            const person = state.people.get(taxId);
            const inProgress = [...state.orders.values()].some((order) => order.taxId === taxId && pending(order));
            if (inProgress || person?.tags.includes("orderInProgress")) return json(200, { status: "MORE_THAN_ONE_IN_PROGRESS" });
            const manualCheck = person?.tags.includes("delayedCheck") ?? false;
            const order: CertificateOrder = {
              id: state.orderId(),
              taxId,
              request: input,
              orderedAt: state.now(),
              readyAt: state.now() + (manualCheck ? state.certificateDelayMs : 0),
              hasRecord: person?.tags.includes("criminalRecord") ?? false,
            };
            state.orders.set(order.id, order);
            return json(200, { id: order.id, status: manualCheck ? "IN_PROGRESS" : "COMPLETED" });
          }),
      },
      {
        operationId: "getCertificate",
        method: "GET",
        path: "/v1/certificate-orders/{id}/document",
        params: { id: ORDER_ID },
        summary: "Download an ordered certificate (PDF + detached signature)",
        responses: {
          200: {
            description: "ready (document present) | pending (empty object)",
            schema: {
              type: "object",
              properties: {
                document: { type: "string", format: "byte" },
                signature: { type: "string", format: "byte" },
                result: { type: "object", description: "the order's result (content, isCriminalRecord, isSuspicion)" },
              },
            },
          },
          404: { description: "notFound", schema: ERROR },
        },
        handle: async ({ params }) => {
          const order = state.orders.get(Number(params.id));
          if (!order) return problem(404, "notFound", `No certificate order ${params.id}`);
          if (pending(order)) return json(200, {});
          const pdf = await renderRegistryCertificate(order, state.people.get(order.taxId));
          return json(200, { document: pdf.document, signature: pdf.signature, result: orderResult(order, true) });
        },
      },
      {
        operationId: "getOrder",
        method: "GET",
        path: "/v1/certificate-orders/{id}",
        params: { id: ORDER_ID },
        summary: "Status and result of an order",
        responses: {
          200: {
            description: "the order",
            schema: objectOf({
              id: { type: "integer" },
              client_id: TAX_ID,
              status: { enum: ["COMPLETED", "IN_PROGRESS"] },
              isCriminalRecord: { type: "boolean" },
              isSuspicion: { type: "boolean" },
            }),
          },
          404: { description: "notFound", schema: ERROR },
        },
        handle: ({ params }) => {
          const order = state.orders.get(Number(params.id));
          if (!order) return problem(404, "notFound", `No certificate order ${params.id}`);
          return json(200, orderResult(order, !pending(order)));
        },
      },
      {
        operationId: "getSigningKey",
        method: "GET",
        path: "/v1/signing-key",
        summary: "The registry's public key (SPKI PEM) for the detached signatures",
        responses: { 200: { description: "the key", schema: objectOf({ algorithm: { type: "string" }, publicKey: { type: "string" } }) } },
        handle: () => json(200, { algorithm: "Ed25519", publicKey: registrySigningKey().publicKeyPem }),
      },
    ],
  };
}
