// TypeScript generation runs on the server only: json-schema-to-typescript and prettier are Node packages.
export { generateTypes } from "../../../../engine/typegen/typegen";
