/**
 * The dashboard's URL (a plain GET form, so a view can be shared as a link): `from` and `to` as days
 * (YYYY-MM-DD, Kyiv time, `to` inclusive) and `v` once per version. Anything else is a 400 that says what
 * is wrong, in the analyst's language; a service that is not published is a 404.
 */
import type { AppLoadContext } from "@remix-run/node";
import type { InsightQuery, ServiceInsight } from "../../../../runtime/insight/types";
import { languageOf } from "../../i18n/lang.server";
import { st } from "../i18n/messages";
import { analystOf } from "../server/http.server";
import { listServices } from "../server/studio.server";
import type { DashboardParams } from "./view";

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight in Kyiv at the start of a calendar day (Kyiv's offset that day: +2 or +3). */
export function kyivMidnight(day: string): Date {
  const [, y, m, d] = DAY.exec(day)!.map(Number);
  const utcMidnight = Date.UTC(y, m - 1, d);
  const offset = kyivOffsetMs(new Date(utcMidnight));
  // The offset at UTC midnight is the offset at Kyiv's midnight too: Kyiv changes its clocks at 03:00/04:00.
  return new Date(utcMidnight - offset);
}

function kyivOffsetMs(at: Date): number {
  const name = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Kyiv", timeZoneName: "longOffset" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "GMT+02:00";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * 60_000;
}

function isDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 2000 && y <= 2999;
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

const badRequest = (message: string) => new Response(message, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });

/** Reads and checks the dashboard's parameters against the service's published versions; throws a 400 Response. */
export function parseDashboardParams(url: URL, published: number[], lang: "uk" | "en"): { params: DashboardParams; query: Omit<InsightQuery, "serviceId"> } {
  const one = (name: string) => {
    const values = url.searchParams.getAll(name);
    return (values[values.length - 1] ?? "").trim();
  };
  const from = one("from");
  const to = one("to");
  for (const value of [from, to]) if (value && !isDay(value)) throw badRequest(st(lang, "ins_bad_date", { value: value.slice(0, 40) }));
  if (from && to && from > to) throw badRequest(st(lang, "ins_bad_range", { from, to }));
  const versions: number[] = [];
  for (const raw of url.searchParams.getAll("v")) {
    const value = raw.trim();
    if (!value) continue;
    const n = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
    if (!published.includes(n)) throw badRequest(st(lang, "ins_bad_version", { value: value.slice(0, 40) }));
    if (!versions.includes(n)) versions.push(n);
  }
  versions.sort((a, b) => b - a);
  return {
    params: { from, to, versions },
    query: {
      ...(versions.length ? { versions } : {}),
      ...(from ? { from: kyivMidnight(from) } : {}),
      ...(to ? { to: kyivMidnight(nextDay(to)) } : {}),
    },
  };
}

/** The analyst's dashboard data for a request: the studio's refusal for anyone else, 404 for an unknown service, 400 for a bad query. */
export async function loadDashboard(context: AppLoadContext, request: Request, serviceId: string | undefined): Promise<{ insight: ServiceInsight; params: DashboardParams; lang: "uk" | "en" }> {
  await analystOf(request, context);
  const lang = languageOf(request);
  const service = (await listServices(context.runtime)).find((s) => s.id === serviceId);
  if (!service || service.versions.length === 0) throw new Response(st(lang, "ins_notPublished", { id: String(serviceId).slice(0, 80) }), { status: 404 });
  const { params, query } = parseDashboardParams(
    new URL(request.url),
    service.versions.map((v) => v.number),
    lang,
  );
  const insight = await context.runtime.insight.service({ serviceId: service.id, ...query });
  return { insight, params, lang };
}
