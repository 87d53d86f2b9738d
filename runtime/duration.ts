import { parseDuration } from "../engine";

/** Milliseconds in a duration (P10D, PT1H, 10s…); a definition that passed validation never throws here. */
export function durationMs(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`"${text}" is not a duration (use P10D, PT1H or 10s, 5m, 2h, 30d)`);
  return ms;
}
