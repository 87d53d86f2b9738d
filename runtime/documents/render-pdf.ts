/**
 * Renders an issued document as an A4 PDF: Ukrainian and English labels, the values, the document number and
 * dates, and a QR code with the public verification link. Text uses the embedded DejaVu Sans (Cyrillic).
 *
 * One generic layout for every template: its sections in order (label/value rows, a table of a list, free text
 * with placeholders, a photo slot), then the data it does not print ("other details"), then the verification
 * block. Content continues on a new page when a page is full: later pages repeat the title and number, every
 * page of a longer document says "page i of n", and the QR code is on the last page.
 */
import { PDFDocument, rgb, type PDFFont, type PDFImage, type PDFPage } from "pdf-lib";
import QRCode from "qrcode";
import { embedFonts } from "./fonts";
import { fieldValue, fillText, formatValue, otherDetails, type DocumentTemplate, type TableColumn } from "./templates";

export interface RenderInput {
  template: DocumentTemplate;
  number: string;
  data: Record<string, unknown>;
  issuedAt: string;
  expiresAt: string | null;
  verificationUrl: string;
  keyId: string;
  issuer?: { uk: string; en: string };
  /** Whether the PDF is sealed after rendering (the PAdES seal lives in the PDF's signature, not on the page). */
  sealed?: boolean;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
/** Content stops here; below it, on documents of several pages, the page numbers. */
const BOTTOM = MARGIN + 10;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.4, 0.4, 0.45);
const ACCENT = rgb(0.0, 0.34, 0.72);
const LINE = rgb(0.8, 0.8, 0.85);
const MM = 72 / 25.4;
/** The photo slot: 30 × 40 mm, as on Ukrainian documents. */
const PHOTO: [number, number] = [30 * MM, 40 * MM];
/** The verification block (QR code and link) at the bottom of the last page. */
const QR_SIZE = 110;
const QR_Y = MARGIN + 20;
/** A table cell prints at most this much text (a long value would otherwise fill pages). */
const CELL_MAX = 400;

export async function renderDocumentPdf(input: RenderInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const issued = new Date(input.issuedAt);
  const { template } = input;
  // Fixed metadata: the same document always renders to the same bytes.
  pdf.setCreationDate(issued);
  pdf.setModificationDate(issued);
  pdf.setTitle(`${template.title.uk} / ${template.title.en} № ${input.number}`);
  pdf.setSubject(template.type);
  pdf.setProducer("civic-flow");
  pdf.setCreator("civic-flow documents");
  pdf.setLanguage("uk-UA");
  const fonts = await embedFonts(pdf);
  const width = A4[0] - 2 * MARGIN;
  let page = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  /** Called after a page break (a table redraws its header row). */
  let onNewPage: (() => void) | undefined;

  const newPage = () => {
    page = pdf.addPage(A4);
    y = A4[1] - MARGIN;
    // Later pages repeat the title and the number.
    for (const line of wrap(`${template.title.uk} / ${template.title.en}`, fonts.bold, 9, width)) {
      page.drawText(line, { x: MARGIN, y, size: 9, font: fonts.bold, color: ACCENT });
      y -= 9 * 1.35;
    }
    page.drawText(`№ ${input.number}`, { x: MARGIN, y, size: 9, font: fonts.regular, color: MUTED });
    y -= 8;
    rule(page, y);
    y -= 16;
    onNewPage?.();
  };
  /** Room for `height` more points on this page, or a new page. */
  const ensure = (height: number) => {
    if (y - height < BOTTOM) newPage();
  };

  /** A 30 × 40 mm photo slot: the image (aspect kept), or an empty box "Фото / Photo", or "—" for an image that is not one. */
  const photoBox = async (x: number, top: number, value: unknown) => {
    const [boxWidth, boxHeight] = PHOTO;
    const box = { x, y: top - boxHeight, width: boxWidth, height: boxHeight };
    page.drawRectangle({ ...box, borderColor: LINE, borderWidth: 0.8 });
    const image = await embedPhoto(pdf, value);
    if (image) {
      const scale = Math.min(boxWidth / image.width, boxHeight / image.height);
      const [w, h] = [image.width * scale, image.height * scale];
      page.drawImage(image, { x: box.x + (boxWidth - w) / 2, y: box.y + (boxHeight - h) / 2, width: w, height: h });
    } else {
      const text = value === undefined || value === null || value === "" ? "Фото / Photo" : "—";
      const size = 8;
      page.drawText(text, { x: box.x + (boxWidth - fonts.regular.widthOfTextAtSize(text, size)) / 2, y: box.y + boxHeight / 2 - size / 2, size, font: fonts.regular, color: MUTED });
    }
  };

  const write = (text: string, size: number, font: PDFFont, color = INK, x = MARGIN, maxWidth = width) => {
    for (const line of wrap(text, font, size, maxWidth)) {
      ensure(size);
      page.drawText(line, { x, y, size, font, color });
      y -= size * 1.35;
    }
  };

  // A template whose first section is a photo (without a title) has it in the header's top right corner, as on an ID.
  const first = template.sections[0];
  const headerPhoto = first?.kind === "photo" && !first.title ? first : undefined;
  const headerWidth = headerPhoto ? width - PHOTO[0] - 16 : width;
  const headerTop = y;
  write("УКРАЇНА / UKRAINE", 10, fonts.bold, MUTED, MARGIN, headerWidth);
  if (input.issuer) write(`${input.issuer.uk} / ${input.issuer.en}`, 9, fonts.regular, MUTED, MARGIN, headerWidth);
  y -= 8;
  write(template.title.uk, 18, fonts.bold, ACCENT, MARGIN, headerWidth);
  write(template.title.en, 12, fonts.regular, ACCENT, MARGIN, headerWidth);
  y -= 6;
  write(`№ ${input.number}`, 12, fonts.bold, INK, MARGIN, headerWidth);
  write(`Дата видачі / Issued: ${formatValue(input.issuedAt, "date")}`, 10, fonts.regular, INK, MARGIN, headerWidth);
  if (input.expiresAt) write(`Дійсний до / Valid until: ${formatValue(input.expiresAt, "date")}`, 10, fonts.regular, INK, MARGIN, headerWidth);
  if (headerPhoto) {
    const x = A4[0] - MARGIN - PHOTO[0];
    await photoBox(x, headerTop + 10, input.data[headerPhoto.photo.key]);
    let captionY = headerTop + 10 - PHOTO[1] - 9;
    for (const [text, size, color] of [[headerPhoto.photo.uk, 7.5, INK], [headerPhoto.photo.en, 7, MUTED]] as const) {
      for (const line of wrap(text, fonts.regular, size, PHOTO[0])) {
        page.drawText(line, { x: x + (PHOTO[0] - fonts.regular.widthOfTextAtSize(line, size)) / 2, y: captionY, size, font: fonts.regular, color });
        captionY -= size * 1.3;
      }
    }
    y = Math.min(y, captionY + 4);
  }
  y -= 10;
  rule(page, y + 6);
  y -= 8;

  const labelWidth = width * 0.42;
  const row = (uk: string, en: string, value: string) => {
    const ukLines = wrap(uk, fonts.bold, 9.5, labelWidth - 8);
    const labelLines = [...ukLines, ...(en ? wrap(en, fonts.regular, 8.5, labelWidth - 8) : [])];
    const valueLines = wrap(value, fonts.regular, 10.5, width - labelWidth);
    const labelHeight = ukLines.length * 9.5 * 1.3 + (labelLines.length - ukLines.length) * 8.5 * 1.3;
    const valueHeight = valueLines.length * 10.5 * 1.35;
    // A row that fits on a page is kept whole; a longer one starts here and its value continues on the next pages.
    const whole = Math.max(labelHeight, valueHeight) <= A4[1] - MARGIN - BOTTOM - 60;
    ensure(whole ? Math.max(labelHeight, valueHeight) : Math.max(labelHeight, 10.5 * 1.35));
    const top = y;
    let labelY = top;
    labelLines.forEach((line, index) => {
      const size = index < ukLines.length ? 9.5 : 8.5;
      page.drawText(line, { x: MARGIN, y: labelY, size, font: size === 9.5 ? fonts.bold : fonts.regular, color: size === 9.5 ? INK : MUTED });
      labelY -= size * 1.3;
    });
    let valueY = top;
    for (const line of valueLines) {
      if (valueY - 10.5 < BOTTOM) {
        newPage();
        labelY = valueY = y;
      }
      page.drawText(line, { x: MARGIN + labelWidth, y: valueY, size: 10.5, font: fonts.regular, color: INK });
      valueY -= 10.5 * 1.35;
    }
    y = Math.min(labelY, valueY) - 6;
  };
  const heading = (title: { uk: string; en: string }) => {
    y -= 4;
    ensure(10.5 * 1.35 + 30); // a heading is not left alone at the bottom of a page
    write(`${title.uk} / ${title.en}`, 10.5, fonts.bold, ACCENT);
    y -= 2;
  };

  /** A list of objects as a table: a header row (uk over en), columns as wide as their content allows, cells wrapped. */
  const table = (columns: TableColumn[], value: unknown) => {
    const items = Array.isArray(value) ? value : [];
    const cells = items.map((item) =>
      columns.map((column, index) => {
        const cell = item !== null && typeof item === "object" && !Array.isArray(item)
          ? formatValue((item as Record<string, unknown>)[column.key], column.format)
          : index === 0 ? formatValue(item, column.format) : "—";
        return cell.length > CELL_MAX ? `${cell.slice(0, CELL_MAX)}…` : cell;
      }),
    );
    const PAD = 4;
    const HEAD = 8.5;
    const HEAD_EN = 7.5;
    const CELL = 9.5;
    const natural = columns.map((column, index) =>
      Math.max(
        fonts.bold.widthOfTextAtSize(column.uk, HEAD),
        fonts.regular.widthOfTextAtSize(column.en, HEAD_EN),
        ...cells.map((cellsOfRow) => Math.max(...cellsOfRow[index].split("\n").map((part) => fonts.regular.widthOfTextAtSize(part, CELL)))),
      ) + 2 * PAD + 1,
    );
    const widths = fitColumns(natural, width);
    const xs = widths.map((_, index) => MARGIN + widths.slice(0, index).reduce((a, b) => a + b, 0));
    const header = () => {
      const ukLines = columns.map((column, index) => wrap(column.uk, fonts.bold, HEAD, widths[index] - 2 * PAD));
      const enLines = columns.map((column, index) => wrap(column.en, fonts.regular, HEAD_EN, widths[index] - 2 * PAD));
      const height = Math.max(...columns.map((_, index) => ukLines[index].length * HEAD * 1.3 + enLines[index].length * HEAD_EN * 1.3)) + 2 * PAD;
      page.drawRectangle({ x: MARGIN, y: y - height + HEAD, width, height, color: rgb(0.93, 0.95, 0.98) });
      columns.forEach((_, index) => {
        let lineY = y - PAD + 2;
        for (const line of ukLines[index]) {
          page.drawText(line, { x: xs[index] + PAD, y: lineY, size: HEAD, font: fonts.bold, color: INK });
          lineY -= HEAD * 1.3;
        }
        for (const line of enLines[index]) {
          page.drawText(line, { x: xs[index] + PAD, y: lineY, size: HEAD_EN, font: fonts.regular, color: MUTED });
          lineY -= HEAD_EN * 1.3;
        }
      });
      y -= height + 2;
    };
    ensure(60);
    header();
    onNewPage = header;
    const lines = cells.length ? cells.map((cellsOfRow) => cellsOfRow.map((cell, index) => wrap(cell, fonts.regular, CELL, widths[index] - 2 * PAD))) : [columns.map((_, index) => [index === 0 ? "—" : ""])];
    for (const rowLines of lines) {
      const height = Math.max(...rowLines.map((cellLines) => cellLines.length)) * CELL * 1.35 + PAD;
      ensure(height);
      rowLines.forEach((cellLines, index) => {
        let lineY = y;
        for (const line of cellLines) {
          page.drawText(line, { x: xs[index] + PAD, y: lineY, size: CELL, font: fonts.regular, color: INK });
          lineY -= CELL * 1.35;
        }
      });
      y -= height;
      page.drawLine({ start: { x: MARGIN, y: y + CELL }, end: { x: MARGIN + width, y: y + CELL }, thickness: 0.4, color: LINE });
    }
    onNewPage = undefined;
    y -= 6;
  };

  /** Free text with its placeholders filled: Ukrainian, then English. */
  const paragraph = (text: { uk: string; en: string }) => {
    write(fillText(text.uk, input.data, template.fields), 10.5, fonts.regular, INK);
    y -= 3;
    write(fillText(text.en, input.data, template.fields), 9.5, fonts.regular, MUTED);
    y -= 6;
  };

  /** A photo slot beside its labels. */
  const photo = async (slot: { uk: string; en: string }, value: unknown) => {
    const [boxWidth, boxHeight] = PHOTO;
    ensure(boxHeight);
    const top = y + 10;
    await photoBox(MARGIN, top, value);
    let labelY = top - 9.5;
    for (const line of wrap(slot.uk, fonts.bold, 9.5, width - boxWidth - 16)) {
      page.drawText(line, { x: MARGIN + boxWidth + 16, y: labelY, size: 9.5, font: fonts.bold, color: INK });
      labelY -= 9.5 * 1.3;
    }
    for (const line of wrap(slot.en, fonts.regular, 8.5, width - boxWidth - 16)) {
      page.drawText(line, { x: MARGIN + boxWidth + 16, y: labelY, size: 8.5, font: fonts.regular, color: MUTED });
      labelY -= 8.5 * 1.3;
    }
    y = top - boxHeight - 14;
  };

  // One generic layout: the template's sections, then whatever data it does not print.
  for (const section of template.sections) {
    if (section === headerPhoto) continue;
    if (section.title) heading(section.title);
    if (section.kind === "rows") {
      for (const field of section.fields) row(field.uk, field.en, formatValue(fieldValue(field, input.data), field.format));
    } else if (section.kind === "table") table(section.table.columns, input.data[section.table.key]);
    else if (section.kind === "text") paragraph(section.text);
    else if (section.kind === "photo") await photo(section.photo, input.data[section.photo.key]);
  }
  const others = otherDetails(template, input.data);
  if (others.length) {
    heading({ uk: "Інші відомості", en: "Other details" });
    for (const other of others) row(other.key, "", other.value);
  }

  // QR code with the verification link, bottom right of the last page; the link in text beside it for those who cannot scan.
  if (y < QR_Y + QR_SIZE + 12) newPage();
  const qr = await QRCode.toBuffer(input.verificationUrl, { type: "png", errorCorrectionLevel: "M", margin: 1, scale: 4 });
  const image = await pdf.embedPng(qr);
  page.drawImage(image, { x: A4[0] - MARGIN - QR_SIZE, y: QR_Y, width: QR_SIZE, height: QR_SIZE });
  y = QR_Y + QR_SIZE - 10;
  const textWidth = width - QR_SIZE - 20;
  write("Перевірити документ: відскануйте QR-код або відкрийте посилання", 9, fonts.bold, INK, MARGIN, textWidth);
  write("Verify this document: scan the QR code or open the link", 9, fonts.regular, MUTED, MARGIN, textWidth);
  write(input.verificationUrl, 8.5, fonts.regular, ACCENT, MARGIN, textWidth);
  y -= 4;
  if (input.sealed) write("Засвідчено кваліфікованою електронною печаткою (у підписі PDF) / Sealed with a qualified electronic seal (in the PDF signature)", 8, fonts.regular, MUTED, MARGIN, textWidth);
  write(`Запис у реєстрі документів підписано, ключ / Register record signed, key ${input.keyId}`, 8, fonts.regular, MUTED, MARGIN, textWidth);

  // Page numbers, when there is more than one page.
  const pages = pdf.getPages();
  if (pages.length > 1) {
    pages.forEach((each, index) => {
      const text = `№ ${input.number} · Сторінка ${index + 1} з ${pages.length} / Page ${index + 1} of ${pages.length}`;
      each.drawText(text, { x: MARGIN, y: MARGIN - 15, size: 8, font: fonts.regular, color: MUTED });
    });
  }

  return pdf.save();
}

/**
 * Column widths that fit the table's width: a column gets what its content needs when that is no more than a
 * fair share of what is left, the widest ones share the rest; spare width is spread in proportion.
 */
export function fitColumns(natural: number[], total: number): number[] {
  const widths = new Array<number>(natural.length).fill(0);
  let remaining = total;
  const order = natural.map((w, index) => [w, index] as const).sort((a, b) => a[0] - b[0]);
  order.forEach(([w, index], position) => {
    const share = remaining / (order.length - position);
    widths[index] = Math.min(w, share);
    remaining -= widths[index];
  });
  const used = widths.reduce((a, b) => a + b, 0);
  return used > 0 && used < total ? widths.map((w) => (w * total) / used) : widths;
}

/** A data URL or base64 of a JPEG or PNG as an embedded image; undefined when there is none or it is not one. */
async function embedPhoto(pdf: PDFDocument, value: unknown): Promise<PDFImage | undefined> {
  if (typeof value !== "string" || !value) return undefined;
  try {
    const base64 = value.replace(/^data:[^,]*?;base64,/i, "").replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/_-]+=*$/.test(base64)) return undefined;
    const bytes = new Uint8Array(Buffer.from(base64, "base64"));
    if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return await pdf.embedJpg(bytes);
    if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return await pdf.embedPng(bytes);
    return undefined;
  } catch {
    return undefined; // a broken image prints "—", never fails the document
  }
}

function rule(page: PDFPage, y: number) {
  page.drawLine({ start: { x: MARGIN, y }, end: { x: A4[0] - MARGIN, y }, thickness: 0.7, color: LINE });
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
