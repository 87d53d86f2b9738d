/** JSON Schemas shared by the providers' OpenAPI documents. */
import type { JsonSchema } from "../provider";

export const TAX_ID: JsonSchema = { type: "string", pattern: "^[0-9]{10}$", description: "РНОКПП (taxpayer number)" };
export const DATE: JsonSchema = { type: "string", format: "date" };

export const ERROR: JsonSchema = {
  type: "object",
  required: ["error", "message"],
  properties: { error: { type: "string" }, message: { type: "string" } },
};

export const NAME: JsonSchema = {
  type: "object",
  required: ["lastName", "firstName"],
  properties: { lastName: { type: "string" }, firstName: { type: "string" }, middleName: { type: "string" } },
};

export const ADDRESS: JsonSchema = {
  type: "object",
  required: ["country", "region", "city", "street", "house"],
  properties: {
    country: { type: "string", description: "ISO 3166-1 alpha-3" },
    region: { type: "string" },
    district: { type: ["string", "null"] },
    city: { type: "string" },
    street: { type: "string" },
    house: { type: "string" },
    apartment: { type: ["string", "null"] },
  },
};

export const BIRTH_PLACE: JsonSchema = {
  type: ["object", "null"],
  properties: {
    country: { type: "string" },
    region: { type: ["string", "null"] },
    district: { type: ["string", "null"] },
    city: { type: ["string", "null"] },
  },
};

export const PERSON: JsonSchema = {
  type: "object",
  required: ["taxId", "recordNumber", "name", "birthDate", "gender", "birthPlace", "nationalities", "registrationAddress", "passport"],
  properties: {
    taxId: TAX_ID,
    recordNumber: { type: "string", description: "УНЗР" },
    name: { type: "object", properties: { uk: NAME, en: NAME } },
    lastName: { type: "string", description: "current surname (Ukrainian)" },
    firstName: { type: "string" },
    middleName: { type: ["string", "null"] },
    unzr: { type: "string", description: "УНЗР, the same as recordNumber" },
    previousNames: { type: "array", items: { ...NAME, properties: { ...(NAME.properties as object), changedOn: DATE } } },
    birthDate: DATE,
    gender: { enum: ["MALE", "FEMALE"] },
    birthPlace: BIRTH_PLACE,
    nationalities: { type: "array", items: { type: "object", required: ["name", "code"], properties: { name: { type: "string" }, code: { type: "string", description: "ISO 3166-1 alpha-3" } } } },
    registrationAddress: { anyOf: [ADDRESS, { type: "null" }] },
    passport: {
      type: ["object", "null"],
      properties: {
        type: { enum: ["ID_CARD", "PASSPORT_BOOK", "FOREIGN_PASSPORT", "RESIDENCE_PERMIT", "BIRTH_CERTIFICATE"] },
        series: { type: "string" },
        number: { type: "string" },
        issuedOn: DATE,
        expiresOn: { type: ["string", "null"] },
        authority: { type: "string" },
      },
    },
  },
};

export const objectOf = (properties: Record<string, JsonSchema>, required: string[] = Object.keys(properties)): JsonSchema => ({
  type: "object",
  required,
  properties,
});
