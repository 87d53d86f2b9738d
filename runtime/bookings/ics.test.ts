/** The .ics writer: CRLF lines, escaped TEXT values, lines folded at 75 octets without splitting a character. */
import { describe, expect, it } from "vitest";
import { escapeText, foldLine, icsOf } from "./ics";
import { rfcDuration } from "./bookings";

describe("ics", () => {
  it("escapes backslash, semicolon, comma and newlines in TEXT values", () => {
    expect(escapeText("a\\b;c,d\ne\r\nf")).toBe("a\\\\b\\;c\\,d\\ne\\nf");
  });

  it("folds at 75 octets, never inside a UTF-8 character, continuation lines starting with a space", () => {
    const line = `SUMMARY:${"Реєстрація шлюбу, ".repeat(6)}`;
    const folded = foldLine(line).split("\r\n");
    expect(folded.length).toBeGreaterThan(2);
    for (const [i, part] of folded.entries()) {
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(" ")).toBe(true);
    }
    expect(folded.map((part, i) => (i ? part.slice(1) : part)).join("")).toBe(line);
    expect(foldLine("SHORT:x")).toBe("SHORT:x");
  });

  it("writes one event with UTC times, a sequence, and an alarm only while confirmed", () => {
    const event = { uid: "b1@civic-flow", start: new Date("2026-12-12T09:00:00Z"), end: new Date("2026-12-12T10:00:00Z"), stamp: new Date("2026-12-01T08:00:00.123Z"), summary: "Ceremony", location: "Palace, Kyiv", status: "CONFIRMED" as const, sequence: 2, alarm: "P1D" };
    const text = icsOf(event);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.split("\r\n").slice(0, -1).every((line) => !line.includes("\n"))).toBe(true);
    expect(text).toContain("\r\nDTSTART:20261212T090000Z\r\nDTEND:20261212T100000Z\r\nSEQUENCE:2\r\n");
    expect(text).toContain("DTSTAMP:20261201T080000Z");
    expect(text).toContain("LOCATION:Palace\\, Kyiv");
    expect(text).toContain("BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-P1D");
    expect(icsOf({ ...event, status: "CANCELLED" })).not.toContain("VALARM");
  });

  it("writes reminders as RFC 5545 durations (no months or years)", () => {
    expect(rfcDuration(86_400_000)).toBe("P1D");
    expect(rfcDuration(2.5 * 3_600_000)).toBe("PT2H30M");
    expect(rfcDuration(86_400_000 + 3_600_000)).toBe("P1DT1H");
    expect(rfcDuration(0)).toBe("PT0M");
  });
});
