/** Reads a downloaded PDF with poppler's tools, as anyone outside the project would: its text and its signatures. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The PDF's text by `pdftotext`, whitespace runs made one space (long values wrap). */
export function pdfToText(pdf: Uint8Array): string {
  return execFileSync("pdftotext", [save(pdf), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
}

/** `pdfsig`'s report; it exits non-zero for a broken signature, so its output is taken either way. */
export function pdfSignatures(pdf: Uint8Array): string {
  try {
    return execFileSync("pdfsig", [save(pdf)], { encoding: "utf8" });
  } catch (error) {
    return `${(error as { stdout?: string }).stdout ?? ""}${(error as Error).message}`;
  }
}

function save(pdf: Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), "civic-pdf-")), "document.pdf");
  writeFileSync(file, pdf);
  return file;
}
