/** The criminal-records registry's own certificate PDF and its detached signature (a stand-in for the MVS .p7s). */
import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from "node:crypto";
import { PDFDocument, rgb } from "pdf-lib";
import { embedFonts } from "../../runtime/documents/fonts";
import type { Person } from "../data/people";
import type { CertificateOrder } from "../state";

/** PKCS#8 DER header of an Ed25519 private key; followed by the 32-byte seed. */
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

let key: { privateKey: KeyObject; publicKeyPem: string } | undefined;

/** A fixed key derived from a public seed: good for a stand-in, and the same on every start. */
export function registrySigningKey(): { privateKey: KeyObject; publicKeyPem: string } {
  if (!key) {
    const seed = createHash("sha256").update("civic-flow stand-in: MVS criminal-records registry").digest();
    const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
    key = { privateKey, publicKeyPem: createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString() };
  }
  return key;
}

export async function renderRegistryCertificate(
  order: CertificateOrder,
  person: Person | undefined,
): Promise<{ document: string; signature: string }> {
  if (order.rendered) return order.rendered;
  const pdf = await PDFDocument.create();
  // Fixed metadata dates so the same order always yields the same bytes (and signature).
  const issued = new Date(order.readyAt);
  pdf.setCreationDate(issued);
  pdf.setModificationDate(issued);
  pdf.setTitle(`Витяг № ${order.id}`);
  const fonts = await embedFonts(pdf);
  const page = pdf.addPage([595, 842]);
  const name = person
    ? [person.name.uk.lastName, person.name.uk.firstName, person.name.uk.middleName].filter(Boolean).join(" ")
    : `${order.request.lastName} ${order.request.firstName}`;
  const lines: [string, number, boolean][] = [
    ["МІНІСТЕРСТВО ВНУТРІШНІХ СПРАВ УКРАЇНИ", 14, true],
    ["ВИТЯГ з інформаційно-аналітичної системи", 12, true],
    ["«Облік відомостей про притягнення особи до кримінальної відповідальності та наявності судимості»", 9, false],
    ["", 10, false],
    [`Номер витягу: ${order.id}`, 11, false],
    [`Дата формування: ${issued.toISOString().slice(0, 10)}`, 11, false],
    [`Тип: ${order.request.type === "FULL" ? "повний" : "короткий"}; мета: ${order.request.purpose}`, 11, false],
    [`Особа: ${name}`, 11, false],
    [`Дата народження: ${person?.birthDate ?? order.request.birthDate}`, 11, false],
    [`РНОКПП: ${order.taxId}`, 11, false],
    ["", 10, false],
    [order.hasRecord ? "Має судимість (див. відомості нижче)." : "Станом на дату формування не знятої чи не погашеної судимості не має.", 11, true],
    [order.hasRecord ? "ст. 185 ч. 1 КК України, вирок від 2019-03-14, покарання відбуто." : "Не перебуває в розшуку.", 11, false],
    ["", 10, false],
    ["Stand-in registry document (civic-flow demo): not a real certificate.", 9, false],
  ];
  let y = 790;
  for (const [text, size, bold] of lines) {
    page.drawText(text, { x: 50, y, size, font: bold ? fonts.bold : fonts.regular, color: rgb(0.1, 0.1, 0.1), maxWidth: 495 });
    y -= size + 10;
  }
  const bytes = await pdf.save();
  const result = {
    document: Buffer.from(bytes).toString("base64"),
    signature: sign(null, bytes, registrySigningKey().privateKey).toString("base64"),
  };
  order.rendered = result;
  return result;
}
