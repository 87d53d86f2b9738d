/**
 * What a `sign` step signs: the step's `content` mapping over the application's data (by default the whole
 * data but the application's own metadata) and the SHA-256 of the PDFs its `documents` issued, written as
 * canonical JSON (object keys sorted, no spaces) so that the same data always gives the same bytes and hash.
 * The portal shows exactly this text; the provider is sent its SHA-256; verification hashes it again.
 */
import { createHash } from "node:crypto";
import { evaluateMapping, type Step } from "../../engine";

export type SignStepDefinition = Extract<Step, { kind: "sign" }>;

export interface SignContent {
  /** The signed value: `{ data, documents? }`. */
  value: { data: unknown; documents?: Record<string, string | null> };
  /** Its canonical JSON: the bytes that are signed. */
  canonical: string;
  /** SHA-256 of the canonical JSON, base64 (what the provider is sent) and hex (what people read). */
  sha256: string;
  sha256Hex: string;
}

/** JSON with object keys sorted at every level, no whitespace; undefined members left out as JSON does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && typeof v !== "function")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The content a sign step signs, for the application's data as it is now (throws when the mapping fails). */
export function signContent(step: SignStepDefinition, data: Record<string, unknown>): SignContent {
  let signed: unknown;
  if (step.content) signed = evaluateMapping(step.content, data);
  else {
    const { application: _application, ...rest } = data;
    signed = rest;
  }
  const value: SignContent["value"] = { data: signed };
  if (step.documents?.length) {
    value.documents = Object.fromEntries(
      step.documents.map((name) => {
        const issued = data[name] as { pdfSha256?: unknown } | undefined;
        return [name, typeof issued?.pdfSha256 === "string" ? issued.pdfSha256 : null];
      }),
    );
  }
  const canonical = canonicalJson(value);
  const digest = createHash("sha256").update(canonical, "utf8").digest();
  return { value, canonical, sha256: digest.toString("base64"), sha256Hex: digest.toString("hex") };
}
