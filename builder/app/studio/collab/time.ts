/** "2 minutes ago" / "2 хвилини тому" for the studio's notices, by Intl.RelativeTimeFormat in the studio's language. */
export function ago(iso: string | null | undefined, now = Date.now(), lang?: "uk" | "en"): string {
  if (!iso) return "";
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (lang) return relative(seconds, lang);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes === 1 ? "a minute ago" : `${minutes} minutes ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return hours === 1 ? "an hour ago" : `${hours} hours ago`;
  const days = Math.round(hours / 24);
  return days === 1 ? "yesterday" : `${days} days ago`;
}

function relative(seconds: number, lang: "uk" | "en"): string {
  const format = new Intl.RelativeTimeFormat(lang === "uk" ? "uk-UA" : "en-GB", { numeric: "auto" });
  if (seconds < 45) return format.format(0, "second");
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return format.format(-minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (hours < 24) return format.format(-hours, "hour");
  return format.format(-Math.round(hours / 24), "day");
}

/** Initials of a name for the presence badges: "Марта Аналітик" → "МА". */
export function initials(name: string): string {
  const parts = name.replace(/\(.*?\)/g, "").trim().split(/\s+/).filter(Boolean);
  return (parts.length > 1 ? parts[0][0] + parts[1][0] : (parts[0] ?? "?").slice(0, 2)).toUpperCase();
}
