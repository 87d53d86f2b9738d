/** The embedded fonts of issued documents: DejaVu Sans has Cyrillic (licence in fonts/LICENSE). */
import { readFileSync } from "node:fs";
import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument, PDFFont } from "pdf-lib";

const fontsDir = new URL("./fonts/", import.meta.url);
const cache = new Map<string, Uint8Array>();

function fontBytes(file: string): Uint8Array {
  let bytes = cache.get(file);
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(new URL(file, fontsDir)));
    cache.set(file, bytes);
  }
  return bytes;
}

export interface DocumentFonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Embeds subsets of the regular and bold faces (only the glyphs used), so a PDF stays small. */
export async function embedFonts(pdf: PDFDocument): Promise<DocumentFonts> {
  pdf.registerFontkit(fontkit);
  const [regular, bold] = await Promise.all([
    pdf.embedFont(fontBytes("DejaVuSans.ttf"), { subset: true }),
    pdf.embedFont(fontBytes("DejaVuSans-Bold.ttf"), { subset: true }),
  ]);
  return { regular, bold };
}
