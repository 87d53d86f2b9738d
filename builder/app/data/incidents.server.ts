/**
 * Incidents for operators (staff with the `admin` role): applications halted because a step failed with no
 * `error` outcome. The list, and the three ways out: retry the step (after a fix), migrate to a newer published
 * version, cancel (what was paid is flagged for a refund). Every function checks the role itself as well.
 */
import { localize } from "../../../engine";
import type { Runtime } from "../../../runtime";
import { isAdmin, type StaffUser, type User } from "../auth/types";
import type { Lang } from "../i18n/lang";
import { runtimeErrorCode } from "./errors.server";
import { definitionOfVersion } from "./services.server";

export interface IncidentRow {
  id: string;
  applicationId: string;
  service: string;
  serviceId: string;
  version: number;
  step: string;
  error: string;
  status: string;
  since: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  /** Paid amounts; `refund` is how the refund of one flagged for it stands (runtime.refunds), null when none is due. */
  payments: { orderId: string; amount: number; currency: string; refundDue: boolean; refund: "requested" | "refunded" | "failed" | null }[];
  /** Newer published versions the application may be migrated to. */
  migrateTo: number[];
}

const forbidden = () => new Response("Only administrators may do this.", { status: 403 });

/** The operator's audit name; anyone but an administrator (any kind of user) is refused. */
function mustBeAdmin(user: User | null): string {
  if (!isAdmin(user)) throw forbidden();
  return `staff:${user.profile.username}`;
}

export async function incidentList(runtime: Runtime, user: StaffUser | User | null, lang: Lang): Promise<{ open: IncidentRow[]; resolved: IncidentRow[] }> {
  mustBeAdmin(user);
  const [open, all] = await Promise.all([runtime.incidents(), runtime.incidents({ status: "all", take: 500 })]);
  const resolved = all.filter((i) => i.status !== "open").slice(-20).reverse();
  const versions = new Map<string, number[]>();
  const rows = async (list: typeof open) => {
    const result: IncidentRow[] = [];
    for (const incident of list) {
      const definition = await definitionOfVersion(runtime, incident.serviceVersionId);
      const main = definition?.languages[0];
      const step = definition?.steps[incident.step];
      if (!versions.has(incident.serviceId)) versions.set(incident.serviceId, (await runtime.versions(incident.serviceId)).map((v) => v.number));
      // Only an application with a refund due is asked about its refunds.
      const refunds = incident.payments.some((p) => p.refundDue) ? new Map((await runtime.refunds.ofApplication(incident.applicationId)).map((r) => [r.orderId, r.status])) : new Map();
      result.push({
        id: incident.id,
        applicationId: incident.applicationId,
        service: definition ? localize(definition.title, lang, main) : incident.serviceId,
        serviceId: incident.serviceId,
        version: incident.version,
        step: step ? `${localize(step.title, lang, main) || incident.step} (${incident.step})` : incident.step,
        error: incident.error,
        status: incident.status,
        since: incident.since.toISOString(),
        resolvedAt: incident.resolvedAt?.toISOString() ?? null,
        resolvedBy: incident.resolvedBy,
        payments: incident.payments.map(({ orderId, amount, currency, refundDue }) => ({ orderId, amount, currency, refundDue, refund: refundDue ? (refunds.get(orderId) ?? "requested") : null })),
        migrateTo: (versions.get(incident.serviceId) ?? []).filter((n) => n > incident.version),
      });
    }
    return result;
  };
  return { open: await rows(open), resolved: await rows(resolved) };
}

export type IncidentAction = { intent: "retry" } | { intent: "migrate"; toVersion: number } | { intent: "cancel"; reason?: string };
export type IncidentActionResult = { ok: true; done: IncidentAction["intent"] } | { ok: false; error: string; code: string };

/** Retry, migrate or cancel an open incident; a refusal (already resolved, no such version) comes back as text. */
export async function actOnIncident(runtime: Runtime, user: StaffUser | User | null, incidentId: string, action: IncidentAction): Promise<IncidentActionResult> {
  const by = mustBeAdmin(user);
  try {
    if (action.intent === "retry") await runtime.retryIncident(incidentId, by);
    else if (action.intent === "migrate") await runtime.migrateIncident(incidentId, action.toVersion, by);
    else await runtime.cancelIncident(incidentId, by, action.reason || undefined);
    return { ok: true, done: action.intent };
  } catch (error) {
    const code = runtimeErrorCode(error);
    if (code === "not_found") throw new Response("Not found", { status: 404 });
    if (code) return { ok: false, error: (error as Error).message, code };
    throw error;
  }
}

/** The action a posted form asks for, or null when it names none. */
export function incidentActionOf(form: { intent: string; toVersion: string; reason: string }): IncidentAction | null {
  if (form.intent === "retry") return { intent: "retry" };
  if (form.intent === "cancel") return { intent: "cancel", reason: form.reason.slice(0, 500) };
  const toVersion = Number(form.toVersion);
  if (form.intent === "migrate" && Number.isInteger(toVersion) && toVersion > 0) return { intent: "migrate", toVersion };
  return null;
}
