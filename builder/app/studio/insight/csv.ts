/**
 * A dashboard table as CSV (RFC 4180: commas, CRLF, quotes doubled) with a UTF-8 byte order mark, so that
 * Excel opens Ukrainian text as it is. Numbers stay numbers (a dot for decimals), durations in seconds,
 * shares and changes in percent; a suppressed count stays "<5", never its number.
 */
import { isSuppressed, type Cell, type Column, type Table } from "./view";

const BOM = "\uFEFF";

/** Units put in a column's header where the CSV's value is not what the page shows. */
const HEADER_UNIT: Partial<Record<Column["kind"], { uk: string; en: string }>> = {
  share: { uk: "%", en: "%" },
  points: { uk: "в. п.", en: "pp" },
  duration: { uk: "с", en: "s" },
  durationDelta: { uk: "с", en: "s" },
  money: { uk: "грн", en: "UAH" },
};

const round = (n: number, digits: number) => Number(n.toFixed(digits));

function value(cell: Cell, kind: Column["kind"]): string {
  if (cell === null) return "";
  if (isSuppressed(cell)) return "<5";
  if (typeof cell === "string") return cell;
  switch (kind) {
    case "share":
      return String(round(cell * 100, 1));
    case "points":
      return String(round(cell, 1));
    case "duration":
    case "durationDelta":
      return String(round(cell / 1000, 1));
    case "latency":
      return String(Math.round(cell));
    case "score":
      return String(round(cell, 2));
    default:
      return String(cell);
  }
}

/** Text a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe; a signed number is a number. */
const formula = (text: string) => /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text);

function quote(text: string): string {
  const safe = formula(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function tableCsv(table: Table, lang: "uk" | "en"): string {
  const header = table.columns.map((c) => {
    const unit = HEADER_UNIT[c.kind]?.[lang];
    return quote(unit ? `${c.label}, ${unit}` : c.label);
  });
  const lines = [header.join(",")];
  for (const row of table.rows) lines.push(row.map((cell, i) => quote(value(cell, table.columns[i].kind))).join(","));
  return `${BOM}${lines.join("\r\n")}\r\n`;
}
