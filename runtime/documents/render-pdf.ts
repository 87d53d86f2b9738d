/**
 * Renders an issued document as an A4 PDF: Ukrainian and English labels, the values, the document number and
 * dates, and a QR code with the public verification link. Text uses the embedded DejaVu Sans (Cyrillic).
 */
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import QRCode from "qrcode";
import { embedFonts } from "./fonts";
import { fieldValue, formatValue, otherDetails, type DocumentTemplate } from "./templates";

export interface RenderInput {
  template: DocumentTemplate;
  number: string;
  data: Record<string, unknown>;
  issuedAt: string;
  expiresAt: string | null;
  verificationUrl: string;
  keyId: string;
  issuer?: { uk: string; en: string };
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.4, 0.4, 0.45);
const ACCENT = rgb(0.0, 0.34, 0.72);

export async function renderDocumentPdf(input: RenderInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const issued = new Date(input.issuedAt);
  // Fixed metadata: the same document always renders to the same bytes.
  pdf.setCreationDate(issued);
  pdf.setModificationDate(issued);
  pdf.setTitle(`${input.template.title.uk} / ${input.template.title.en} № ${input.number}`);
  pdf.setSubject(input.template.type);
  pdf.setProducer("civic-flow");
  pdf.setCreator("civic-flow documents");
  pdf.setLanguage("uk-UA");
  const fonts = await embedFonts(pdf);
  const page = pdf.addPage(A4);
  const width = A4[0] - 2 * MARGIN;
  let y = A4[1] - MARGIN;

  const write = (text: string, size: number, font: PDFFont, color = INK, x = MARGIN, maxWidth = width) => {
    for (const line of wrap(text, font, size, maxWidth)) {
      page.drawText(line, { x, y, size, font, color });
      y -= size * 1.35;
    }
  };

  write("УКРАЇНА / UKRAINE", 10, fonts.bold, MUTED);
  if (input.issuer) write(`${input.issuer.uk} / ${input.issuer.en}`, 9, fonts.regular, MUTED);
  y -= 8;
  write(input.template.title.uk, 18, fonts.bold, ACCENT);
  write(input.template.title.en, 12, fonts.regular, ACCENT);
  y -= 6;
  write(`№ ${input.number}`, 12, fonts.bold);
  write(`Дата видачі / Issued: ${formatValue(input.issuedAt, "date")}`, 10, fonts.regular);
  if (input.expiresAt) write(`Дійсний до / Valid until: ${formatValue(input.expiresAt, "date")}`, 10, fonts.regular);
  y -= 10;
  rule(page, y + 6);
  y -= 8;

  const labelWidth = width * 0.42;
  const row = (uk: string, en: string, value: string) => {
    const top = y;
    const ukLines = wrap(uk, fonts.bold, 9.5, labelWidth - 8);
    const labelLines = [...ukLines, ...(en ? wrap(en, fonts.regular, 8.5, labelWidth - 8) : [])];
    const valueLines = wrap(value, fonts.regular, 10.5, width - labelWidth);
    let labelY = top;
    labelLines.forEach((line, index) => {
      const size = index < ukLines.length ? 9.5 : 8.5;
      page.drawText(line, { x: MARGIN, y: labelY, size, font: size === 9.5 ? fonts.bold : fonts.regular, color: size === 9.5 ? INK : MUTED });
      labelY -= size * 1.3;
    });
    let valueY = top;
    for (const line of valueLines) {
      page.drawText(line, { x: MARGIN + labelWidth, y: valueY, size: 10.5, font: fonts.regular, color: INK });
      valueY -= 10.5 * 1.35;
    }
    y = Math.min(labelY, valueY) - 6;
  };
  const heading = (title: { uk: string; en: string }) => {
    y -= 4;
    write(`${title.uk} / ${title.en}`, 10.5, fonts.bold, ACCENT);
    y -= 2;
  };

  // One generic layout: the template's sections of label/value rows, then whatever data it does not print.
  for (const section of input.template.sections) {
    if (section.title) heading(section.title);
    for (const field of section.fields) row(field.uk, field.en, formatValue(fieldValue(field, input.data), field.format));
  }
  const others = otherDetails(input.template, input.data);
  if (others.length) {
    heading({ uk: "Інші відомості", en: "Other details" });
    for (const other of others) row(other.key, "", other.value);
  }

  // QR code with the verification link, bottom right; the link in text beside it for those who cannot scan.
  const qr = await QRCode.toBuffer(input.verificationUrl, { type: "png", errorCorrectionLevel: "M", margin: 1, scale: 4 });
  const image = await pdf.embedPng(qr);
  const size = 110;
  const qrY = MARGIN + 20;
  page.drawImage(image, { x: A4[0] - MARGIN - size, y: qrY, width: size, height: size });
  y = qrY + size - 10;
  const textWidth = width - size - 20;
  write("Перевірити документ: відскануйте QR-код або відкрийте посилання", 9, fonts.bold, INK, MARGIN, textWidth);
  write("Verify this document: scan the QR code or open the link", 9, fonts.regular, MUTED, MARGIN, textWidth);
  write(input.verificationUrl, 8.5, fonts.regular, ACCENT, MARGIN, textWidth);
  y -= 4;
  write(`Електронна печатка Ed25519, ключ / Ed25519 seal, key ${input.keyId}`, 8, fonts.regular, MUTED, MARGIN, textWidth);

  return pdf.save();
}

function rule(page: PDFPage, y: number) {
  page.drawLine({ start: { x: MARGIN, y }, end: { x: A4[0] - MARGIN, y }, thickness: 0.7, color: rgb(0.8, 0.8, 0.85) });
}

/** Splits text into lines that fit the width (long words are cut). */
export function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > maxWidth && rest.length > 1) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > maxWidth) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}
