/**
 * Parties of applications (engine/definition/parties.ts, engine/steps/invite.ts): the invitation a role's
 * invite step makes, the one-time link and code the applicant passes on, and the invitee's answer. Who may
 * see an application is runtime/views/views.ts `accessOf`, which reads the rows written here.
 *
 * The link's token and the code are random and stored only as SHA-256 hashes; issuing a new pair voids the
 * old one, and answering voids both (single use). The code is compared in constant time, and each wrong code
 * uses up one of CODE_ATTEMPTS tries, counted in the row before comparing (parallel guesses cannot all pass
 * the check): past them the code opens nothing and the applicant issues a new one. An invitation that names a
 * tax number is for that person only, who may also answer without a code (the identity provider vouches for
 * their tax number), from their own list of invitations.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { evaluateMapping, localize, type InviteStep, type ServiceDefinition } from "../../engine";
import { StaleStepError, type Transitions } from "../applications/transition";
import { isFinished } from "../applications/status";
import type { Clock } from "../clock";
import type { Db, Tx } from "../db/open";
import { RuntimeError } from "../errors";
import { newId } from "../ids";
import type { ServiceVersions } from "../services/versions";

/** Wrong codes a code survives. */
export const CODE_ATTEMPTS = 5;

/** The signed-in citizen answering an invitation (as the identity provider says). */
export interface PartyCitizen {
  id: string;
  taxId: string;
  name: string;
  /** Saved in the application's data with an acceptance (the invite step's `person`), for later steps and documents. */
  person?: { firstName: string; lastName: string; middleName?: string; birthDate?: string };
}

export type PartyRow = NonNullable<Awaited<ReturnType<Db["applicationParty"]["findUnique"]>>>;

/** invited | accepted | declined | expired: an invitation past its deadline or whose step was left is expired. */
export type PartyStatus = "invited" | "accepted" | "declined" | "expired";

/** How an invitee reaches an invitation: the one-time link's token (then the code, unless their tax number is the one named), or their own list. */
export type InvitationRef = { token: string } | { partyId: string };

export interface InvitationView {
  partyId: string;
  applicationId: string;
  role: string;
  roleTitle: string;
  service: { id: string; title: string };
  /** The invite step's title and message. */
  title: string;
  message: string;
  /** The applicant's first name and the initial of their last name: enough to recognise, no more. */
  invitedBy: string;
  status: PartyStatus;
  deadline: Date | null;
  /** The invitee must type the code (they came by the link and are not the person the step names by tax number). */
  needsCode: boolean;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const codeHashOf = (partyId: string, code: string) => sha256(`${partyId}:${code}`);
const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The status a row shows: an open invitation past its deadline, or whose step entry is over, is expired. */
export function partyStatus(row: Pick<PartyRow, "status" | "deadline" | "stepEntry">, app: { stepEntry: number; status: string } | null, now: Date): PartyStatus {
  if (row.status !== "invited") return row.status as PartyStatus;
  if (!app || app.stepEntry !== row.stepEntry || isFinished(app.status) || (row.deadline && row.deadline <= now)) return "expired";
  return "invited";
}

/** "Олена К.": how the invitee sees who invited them. */
function shortName(data: Record<string, unknown>): string {
  const applicant = (data.applicant ?? {}) as Record<string, unknown>;
  const first = typeof applicant.firstName === "string" ? applicant.firstName : "";
  const last = typeof applicant.lastName === "string" ? applicant.lastName : "";
  return [first, last ? `${[...last][0]}.` : ""].filter(Boolean).join(" ");
}

/** The invitee's tax number the step names, evaluated over the data; null when it names none. */
export function expectedTaxIdOf(step: InviteStep, data: Record<string, unknown>): string | null {
  if (!step.taxId) return null;
  const value = evaluateMapping({ taxId: step.taxId }, data).taxId;
  if (typeof value !== "string" || !value) throw new Error(`The invitee's tax number (${step.taxId}) is ${JSON.stringify(value)}, not a text`);
  return value;
}

/**
 * The party row of an invite step's entry: made on entering (the step's job), reset when the step is entered
 * again while not accepted. Safe to repeat and to race (the unique application + role decides).
 */
export async function ensureParty(db: Db | Tx, app: { id: string; stepEntry: number }, stepId: string, step: InviteStep, data: Record<string, unknown>, now: Date): Promise<PartyRow> {
  const existing = await db.applicationParty.findUnique({ where: { applicationId_role: { applicationId: app.id, role: step.role } } });
  if (existing && (existing.stepEntry === app.stepEntry || existing.status === "accepted")) return existing;
  const fields = {
    step: stepId,
    stepEntry: app.stepEntry,
    status: "invited",
    citizenId: null,
    citizenName: null,
    expectedTaxId: expectedTaxIdOf(step, data),
    linkHash: null,
    codeHash: null,
    codeAttempts: 0,
    // The step's deadline job, written with the step's entry.
    deadline: (await db.job.findFirst({ where: { applicationId: app.id, kind: "deadline", stepEntry: app.stepEntry }, select: { runAt: true } }))?.runAt ?? null,
    updatedAt: now,
    respondedAt: null,
  };
  if (existing) return db.applicationParty.update({ where: { id: existing.id }, data: fields });
  try {
    return await db.applicationParty.create({ data: { id: newId(), applicationId: app.id, role: step.role, createdAt: now, ...fields } });
  } catch (error) {
    const raced = await db.applicationParty.findUnique({ where: { applicationId_role: { applicationId: app.id, role: step.role } } });
    if (raced) return raced;
    throw error;
  }
}

export class RuntimeParties {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly versions: ServiceVersions,
    private readonly transitions: Transitions,
  ) {}

  /** The application's parties (for its applicant and the office), with the status each shows now. */
  async ofApplication(applicationId: string): Promise<(PartyRow & { shownStatus: PartyStatus })[]> {
    const [rows, app] = await Promise.all([
      this.db.applicationParty.findMany({ where: { applicationId }, orderBy: { createdAt: "asc" } }),
      this.db.application.findUnique({ where: { id: applicationId }, select: { stepEntry: true, status: true } }),
    ]);
    const now = this.clock.now();
    return rows.map((row) => ({ ...row, shownStatus: partyStatus(row, app, now) }));
  }

  /** Applications where the citizen is an accepted party, by id with the role. */
  async applicationsOf(citizenId: string): Promise<{ applicationId: string; role: string }[]> {
    return this.db.applicationParty.findMany({ where: { citizenId, status: "accepted" }, select: { applicationId: true, role: true } });
  }

  /** Open invitations that name the citizen's tax number (they need no link). */
  async invitationsFor(citizen: PartyCitizen, language?: string): Promise<InvitationView[]> {
    if (!citizen.taxId) return [];
    const rows = await this.db.applicationParty.findMany({ where: { expectedTaxId: citizen.taxId, status: "invited" }, take: 50 });
    const views: InvitationView[] = [];
    for (const row of rows) {
      const view = await this.describe(row, citizen, language, false).catch(() => null);
      if (view?.status === "invited") views.push(view);
    }
    return views;
  }

  /**
   * A new one-time link token and code for the application's current invite step (its applicant only); the
   * previous pair stops working. The code and token are returned once: only their hashes are kept.
   */
  async issueLink(applicationId: string, applicantId: string): Promise<{ token: string; code: string; deadline: Date | null; role: string }> {
    const { app, step, stepId } = await this.currentInvite(applicationId, applicantId);
    if (step.link === false) throw new RuntimeError("event_not_allowed", `Step "${stepId}" invites by tax number only: it gives no link`);
    const now = this.clock.now();
    const row = await ensureParty(this.db, app, stepId, step, JSON.parse(app.data) as Record<string, unknown>, now);
    if (row.status !== "invited") throw new RuntimeError("event_not_allowed", `The ${row.role} has already answered (${row.status})`);
    const token = randomBytes(24).toString("base64url");
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    await this.db.applicationParty.update({ where: { id: row.id }, data: { linkHash: sha256(token), codeHash: codeHashOf(row.id, code), codeAttempts: 0, updatedAt: now } });
    return { token, code, deadline: row.deadline, role: row.role };
  }

  /** What the invitee sees before answering. A link that is void, or an invitation for another person: not_found. */
  async invitation(ref: InvitationRef, citizen: PartyCitizen, language?: string): Promise<InvitationView> {
    const row = await this.find(ref);
    return this.describe(row, citizen, language, "token" in ref);
  }

  /** The invitee accepts or declines; the application moves on (accepted → next, declined → declined). */
  async respond(ref: InvitationRef, citizen: PartyCitizen, answer: "accept" | "decline", code?: string): Promise<{ status: "accepted" | "declined"; applicationId: string }> {
    const row = await this.find(ref);
    const view = await this.describe(row, citizen, undefined, "token" in ref);
    if (view.status !== "invited") throw new RuntimeError("event_not_allowed", `The invitation is ${view.status}`, { status: view.status });
    if (view.needsCode) await this.checkCode(row, code ?? "");
    const now = this.clock.now();
    const status = answer === "accept" ? "accepted" : "declined";
    const data: Record<string, unknown> = { role: row.role, status, respondedAt: now.toISOString() };
    if (status === "accepted") data.person = { taxId: citizen.taxId, ...citizen.person };
    try {
      await this.transitions.apply({
        applicationId: row.applicationId,
        event: { type: `outcome.${status}`, data },
        actor: `party:${row.role}:${citizen.id}`,
        expectStep: { step: row.step, entry: row.stepEntry },
        // The row changes with the application or not at all: a second answer, or one racing this, finds it answered.
        before: async (tx) => {
          const settled = await tx.applicationParty.updateMany({
            where: { id: row.id, status: "invited", stepEntry: row.stepEntry },
            data: { status, citizenId: answer === "accept" ? citizen.id : null, citizenName: citizen.name || null, linkHash: null, codeHash: null, respondedAt: now, updatedAt: now },
          });
          if (settled.count !== 1) throw new RuntimeError("event_not_allowed", "The invitation has already been answered");
        },
      });
    } catch (error) {
      // An answer racing this one (or the deadline) moved the application first.
      if (error instanceof StaleStepError) throw new RuntimeError("event_not_allowed", "The invitation has already been answered");
      throw error;
    }
    return { status, applicationId: row.applicationId };
  }

  private async find(ref: InvitationRef): Promise<PartyRow> {
    const row =
      "token" in ref
        ? typeof ref.token === "string" && ref.token.length >= 20 && ref.token.length <= 100
          ? await this.db.applicationParty.findUnique({ where: { linkHash: sha256(ref.token) } })
          : null
        : await this.db.applicationParty.findUnique({ where: { id: ref.partyId } });
    if (!row) throw new RuntimeError("not_found", "No such invitation");
    return row;
  }

  /** The invitation as its invitee may see it; another person (or the applicant) gets not_found. */
  private async describe(row: PartyRow, citizen: PartyCitizen, language: string | undefined, byLink: boolean): Promise<InvitationView> {
    const app = await this.db.application.findUnique({ where: { id: row.applicationId } });
    if (!app || app.applicantId === citizen.id) throw new RuntimeError("not_found", "No such invitation");
    const named = row.expectedTaxId !== null;
    if (named && row.expectedTaxId !== citizen.taxId) throw new RuntimeError("not_found", "No such invitation");
    if (!named && !byLink) throw new RuntimeError("not_found", "No such invitation");
    if (row.status === "accepted" && row.citizenId !== citizen.id) throw new RuntimeError("not_found", "No such invitation");
    const definition: ServiceDefinition = (await this.versions.get(app.serviceVersionId)).compiled.definition;
    const main = definition.languages[0];
    const lang = language ?? main;
    const step = definition.steps[row.step];
    const invite = step?.kind === "invite" ? step : undefined;
    return {
      partyId: row.id,
      applicationId: app.id,
      role: row.role,
      roleTitle: localize(definition.parties?.[row.role]?.title, lang, main) || row.role,
      service: { id: app.serviceId, title: localize(definition.title, lang, main) },
      title: localize(invite?.title, lang, main),
      message: localize(invite?.message, lang, main),
      invitedBy: shortName(JSON.parse(app.data) as Record<string, unknown>),
      status: partyStatus(row, app, this.clock.now()),
      deadline: row.status === "invited" ? row.deadline : null,
      needsCode: !named,
    };
  }

  /** One try of the code: counted first (atomically), then compared in constant time. */
  private async checkCode(row: PartyRow, code: string): Promise<void> {
    const counted = await this.db.applicationParty.updateMany({ where: { id: row.id, codeHash: { not: null }, codeAttempts: { lt: CODE_ATTEMPTS } }, data: { codeAttempts: { increment: 1 } } });
    if (counted.count !== 1) throw new RuntimeError("limit_reached", "This code no longer works: ask the applicant for a new one");
    const fresh = await this.db.applicationParty.findUnique({ where: { id: row.id }, select: { codeHash: true } });
    const given = codeHashOf(row.id, code.replace(/\s+/g, ""));
    if (!fresh?.codeHash || !sameHash(fresh.codeHash, given)) throw new RuntimeError("forbidden", "The code is not right");
  }

  /** The application's current invite step; someone else's application is not_found whatever its step. */
  private async currentInvite(applicationId: string, applicantId: string) {
    const app = await this.db.application.findUnique({ where: { id: applicationId } });
    if (!app || app.applicantId !== applicantId) throw new RuntimeError("not_found", `No application "${applicationId}" of this applicant`);
    const step = (await this.versions.get(app.serviceVersionId)).compiled.definition.steps[app.currentStep];
    if (isFinished(app.status) || app.status === "incident" || step?.kind !== "invite") {
      throw new RuntimeError("event_not_allowed", `The application is at step "${app.currentStep}", which invites nobody`, { step: app.currentStep });
    }
    return { app, step, stepId: app.currentStep };
  }
}
