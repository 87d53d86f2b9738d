/**
 * The office: review tasks for the officer's roles, an application as the officer sees it (answers,
 * registry replies, audit), and decisions. An officer sees an application only through a task for one
 * of their roles; every view and decision is recorded (AccessEvent; the decision itself in the audit log).
 */
import { localize, type ServiceDefinition } from "../../../engine";
import { viewsOf, type Runtime } from "../../../runtime";
import { isOfficerRole, type StaffUser } from "../auth/types";
import type { Lang } from "../i18n/lang";
import { t } from "../i18n/messages";
import { accessLine, auditLines, officeStatusText, stepTitle, type OfficeAuditLine } from "../office/audit";
import { answerGroups, type AnswerGroup } from "./applications.server";
import { hideForeign, isRuntimeErrorCode, notFound } from "./errors.server";
import { definitionOfVersion } from "./services.server";
import { officeSignatures, type OfficeSignature } from "./signatures.server";

const officerRoles = (officer: StaffUser) => officer.profile.roles.filter(isOfficerRole);

/** A role by its title in the catalog (service-definitions/catalog.yaml `roles`), in the page's language; its code without one. */
export function roleTitle(runtime: Runtime, role: string, lang: Lang): string {
  const roles = runtime.catalog()?.roles;
  return (roles && Object.hasOwn(roles, role) && localize(roles[role].title, lang)) || role;
}

export interface InboxTask {
  id: string;
  applicationId: string;
  /** The applicant's name (officers of the task's role need it for their work). */
  applicant: string;
  role: string;
  roleTitle: string;
  service: string;
  step: string;
  due: string | null;
  overdue: boolean;
  createdAt: string;
}

export async function inbox(runtime: Runtime, officer: StaffUser, lang: Lang): Promise<InboxTask[]> {
  const tasks = await runtime.tasks({ roles: officerRoles(officer), status: "open", take: 200 });
  const records = viewsOf(runtime).applications;
  const ids = tasks.map((task) => task.applicationId);
  const [versionOf, names] = await Promise.all([records.versionIds(ids), records.applicantNames(ids)]);
  const now = Date.now();
  const result: InboxTask[] = [];
  for (const task of tasks) {
    const versionId = versionOf.get(task.applicationId);
    const definition = versionId ? await definitionOfVersion(runtime, versionId) : null;
    const main = definition?.languages[0];
    result.push({
      id: task.id,
      applicationId: task.applicationId,
      applicant: names.get(task.applicationId) ?? "",
      role: task.role,
      roleTitle: roleTitle(runtime, task.role, lang),
      service: definition ? localize(definition.title, lang, main) : "",
      step: definition ? stepTitle(definition, task.step, lang) : task.step,
      due: task.due?.toISOString() ?? null,
      overdue: Boolean(task.due && task.due.getTime() < now),
      createdAt: task.createdAt.toISOString(),
    });
  }
  return result;
}

export interface OfficeApplication {
  id: string;
  service: string;
  status: string;
  statusText: string;
  step: string;
  applicant: { name: string; birthDate: string; taxId: string };
  answers: AnswerGroup[];
  registryReplies: { step: string; title: string; json: string }[];
  registryCalls: { at: string; registry: string; operation: string; status: string; purpose: string }[];
  task: { id: string; due: string | null; instructions: string; decisions: string[] } | null;
  /** In staff terms, steps by their titles (office/audit.ts). */
  audit: OfficeAuditLine[];
  /** The citizen's qualified signatures (sign steps), verified on receipt. */
  signatures: OfficeSignature[];
  /** Every party besides the applicant, and how each answered (officers see them all). */
  parties: { role: string; roleTitle: string; status: string; name: string | null; taxId: string | null }[];
}

/** The application through one of the officer's tasks (open or past); anything else is "not found". */
export async function officeApplication(runtime: Runtime, officer: StaffUser, applicationId: string, lang: Lang): Promise<OfficeApplication> {
  const records = viewsOf(runtime).applications;
  const roles = officerRoles(officer);
  const tasks = await records.officerTasks(applicationId, roles);
  if (!tasks.length) throw notFound();
  const view = await runtime.view(applicationId, { kind: "officer", id: officer.accountId, roles, language: lang }).catch(hideForeign);
  const row = await records.row(applicationId);
  if (!row) throw notFound();
  const definition = (await definitionOfVersion(runtime, row.serviceVersionId)) as ServiceDefinition;
  const main = definition.languages[0];
  const data = JSON.parse(row.data) as Record<string, unknown>;
  const open = tasks.find((task) => task.status === "open" && task.step === row.currentStep && task.stepEntry === row.stepEntry);
  const stepDef = definition.steps[row.currentStep];
  await records.recordAccess({ applicationId, applicantId: row.applicantId, actor: `officer:${officer.accountId}`, action: "view", purpose: `${t(lang, "officeTitle")}: ${stepTitle(definition, tasks[0].step, lang)}` });

  const [audit, calls, reads, signatures] = await Promise.all([records.auditEvents(applicationId), records.registryCalls(applicationId), records.accessEvents(applicationId), officeSignatures(runtime, applicationId)]);
  const applicant = (data.applicant ?? {}) as Record<string, string>;
  // Officers named in the audit and the reads: their display names (staff accounts), not their ids.
  const staffIds = [...new Set([...audit.map((e) => e.actor), ...reads.map((r) => r.actor)].filter((a) => a.startsWith("officer:")).map((a) => a.slice(8)))];
  const names = { staff: new Map((await viewsOf(runtime).staffAccounts.summaries(staffIds)).map((a) => [a.id, a.displayName])) };
  const auditLog = [...audit.flatMap((event) => auditLines(event, definition, names, lang)), ...reads.map((read) => accessLine(read, definition, names, lang))].sort((a, b) => a.at.localeCompare(b.at));

  return {
    id: row.id,
    service: localize(definition.title, lang, main),
    status: row.status,
    statusText: officeStatusText(row.status, lang),
    step: stepTitle(definition, row.currentStep, lang),
    applicant: { name: [applicant.lastName, applicant.firstName, applicant.middleName].filter(Boolean).join(" "), birthDate: applicant.birthDate ?? "", taxId: applicant.taxId ?? "" },
    answers: answerGroups(definition, data, audit, lang),
    registryReplies: Object.entries(definition.steps)
      .filter(([id, step]) => step.kind === "registry" && data[step.saveAs ?? id] !== undefined)
      .map(([id, step]) => ({ step: id, title: stepTitle(definition, id, lang), json: JSON.stringify(data[(step as { saveAs?: string }).saveAs ?? id], null, 2) })),
    registryCalls: calls.map((call) => ({ at: call.at.toISOString(), registry: call.registry, operation: call.operation, status: call.status, purpose: call.purpose ?? "" })),
    task:
      open && stepDef?.kind === "review"
        ? { id: open.id, due: open.due?.toISOString() ?? null, instructions: localize(stepDef.instructions, lang, main), decisions: (view.actions as string[]).filter((a) => a.startsWith("decide.")).map((a) => a.slice(7)) }
        : null,
    audit: auditLog,
    signatures,
    parties: (definition.parties ? await runtime.parties.ofApplication(applicationId) : []).map((p) => ({
      role: p.role,
      roleTitle: localize(definition.parties?.[p.role]?.title, lang, main) || p.role,
      status: p.shownStatus,
      name: p.citizenName,
      // Who accepted is in the data under the invite step's name; before that, the tax number the step names.
      taxId: partyTaxId(definition, data, p.step) ?? p.expectedTaxId,
    })),
  };
}

function partyTaxId(definition: ServiceDefinition, data: Record<string, unknown>, stepId: string): string | null {
  const step = definition.steps[stepId];
  const saved = step?.kind === "invite" ? (data[step.saveAs ?? stepId] as { person?: { taxId?: unknown } } | undefined) : undefined;
  return typeof saved?.person?.taxId === "string" ? saved.person.taxId : null;
}

export type DecideOutcome = { ok: true } | { ok: false; error: "reason" | "closed" | "decision" };

/** Approve, reject (with a reason) or send back (with a comment); the runtime checks the role and that the task is open. */
export async function decideTask(runtime: Runtime, officer: StaffUser, applicationId: string, taskId: string, decision: string, reason: string): Promise<DecideOutcome> {
  const records = viewsOf(runtime).applications;
  const task = await records.officerTask(taskId);
  if (!task || task.applicationId !== applicationId || !officerRoles(officer).includes(task.role)) throw notFound();
  if (!/^[a-zA-Z][a-zA-Z0-9_]*$/.test(decision) || decision === "timeout") return { ok: false, error: "decision" };
  const text = reason.trim();
  if (decision !== "approve" && text.length < 5) return { ok: false, error: "reason" };
  try {
    await runtime.decide(taskId, { id: officer.accountId, roles: officerRoles(officer) }, decision, text || undefined);
  } catch (error) {
    if (isRuntimeErrorCode(error, "event_not_allowed") || isRuntimeErrorCode(error, "stale_version")) return { ok: false, error: "closed" };
    return hideForeign(error);
  }
  const row = await records.row(applicationId);
  if (row) await records.recordAccess({ applicationId, applicantId: row.applicantId, actor: `officer:${officer.accountId}`, action: "decide", purpose: decision });
  return { ok: true };
}
