/**
 * An appointment as an iCalendar file (RFC 5545): one VEVENT with a display alarm, lines ended by CRLF,
 * TEXT values escaped (backslash, semicolon, comma, newline; §3.3.11) and content lines folded at 75 octets
 * without splitting a UTF-8 character (§3.1). Written here rather than with the `ics` package: one event
 * is a dozen lines, and that package brings a schema-validation library with it.
 */
export interface CalendarEvent {
  uid: string;
  start: Date;
  end: Date;
  stamp: Date;
  summary: string;
  location?: string;
  description?: string;
  status: "CONFIRMED" | "CANCELLED";
  /** Increases with each change (a rescheduled appointment replaces the earlier one in the calendar). */
  sequence: number;
  /** The alarm before the start, an RFC 5545 duration (P1D, PT2H); none without. */
  alarm?: string;
}

/** A TEXT value (§3.3.11). */
export const escapeText = (value: string) => value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");

/** UTC date-time form (§3.3.5, FORM #2): 20261212T090000Z. */
const utc = (date: Date) => date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

/** Folds a content line into lines of at most 75 octets, continuation lines starting with a space (§3.1). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, "utf8");
    // The first line holds 75 octets; a continuation holds 74 after its leading space.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

export function icsOf(event: CalendarEvent): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//civic-flow//appointments//UK",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${event.uid}`,
    `DTSTAMP:${utc(event.stamp)}`,
    `DTSTART:${utc(event.start)}`,
    `DTEND:${utc(event.end)}`,
    `SEQUENCE:${event.sequence}`,
    `STATUS:${event.status}`,
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    ...(event.alarm && event.status === "CONFIRMED"
      ? ["BEGIN:VALARM", "ACTION:DISPLAY", `TRIGGER:-${event.alarm}`, `DESCRIPTION:${escapeText(event.summary)}`, "END:VALARM"]
      : []),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}
