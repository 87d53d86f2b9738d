/**
 * A document: issued by a job. Templates with a published version (runtime/templates: the built-in files and
 * the studio's) become signed PDFs (runtime/wiring/documents.ts) with the version the application's service
 * version pinned; others (test templates of a catalog) data-only rows. The data mapping is evaluated on entry; a
 * mapping that fails, data missing a field the template requires, or a template nobody knows is a
 * PermanentFailure: the step's `error` outcome, or an incident. With `holders`, one document per holder (the
 * applicant, or a party by the citizen who accepted): a party that has not accepted is a PermanentFailure too,
 * since the service should not reach the step before.
 */
import { createHash } from "node:crypto";
import { evaluateMapping, localize } from "../../engine";
import { APPLICANT_ROLE } from "../../engine/definition/parties";
import { type DocumentStep, documentHolders, primaryHolder } from "../../engine/steps/document";
import { addDuration } from "../documents/format";
import { durationMs } from "../duration";
import { newId } from "../ids";
import { PermanentFailure } from "../jobs/execute";
import type { DocumentPayload } from "../jobs/kinds";
import type { LoadedVersion } from "../services/versions";
import type { RuntimeTemplates } from "../templates/templates";
import type { DocumentTemplate } from "../documents/templates";
import type { RuntimeDocuments } from "../wiring/documents";
import { DEFAULT_MAX_ATTEMPTS, noView } from "./shared";
import type { ExecuteDeps, RuntimeStepModule } from "./types";

export const documentStep: RuntimeStepModule<"document"> = {
  kind: "document",
  status: () => "processing",
  work: "own",
  waitsFor: "service",
  citizenCancels: false,
  enter(step, ctx) {
    const payload: DocumentPayload = { template: step.template, data: {}, validForMs: step.validFor ? durationMs(step.validFor) : undefined, validFor: step.validFor };
    try {
      payload.data = evaluateMapping(step.data, ctx.at.data);
    } catch (error) {
      payload.dataError = (error as Error).message;
    }
    return { jobs: [ctx.job("document", payload, ctx.now, DEFAULT_MAX_ATTEMPTS)] };
  },
  async execute(step, job, app, deps) {
    const payload = JSON.parse(job.payload) as DocumentPayload;
    if (payload.dataError) throw new PermanentFailure(`The document's data failed to evaluate: ${payload.dataError}`);
    const holders = await holderIds(step, app, deps);
    const primary = primaryHolder(holders.map((h) => h.role));
    const documents = deps.documents;
    const layout = documents ? await publishedLayout(payload, deps.version, deps.ctx.templates) : undefined;
    if (documents && (layout || documents.hasTemplate(payload.template))) {
      // Signed PDFs, rendered outside the transaction; the rows are written with the transition, so a job
      // that fails or is retried has written none of them.
      const prepared: (Awaited<ReturnType<RuntimeDocuments["prepare"]>> & { role: string })[] = [];
      for (const holder of holders) {
        try {
          const one = await documents.prepare({
            type: payload.template,
            data: payload.data,
            holderId: holder.citizenId,
            applicationId: app.id,
            validFor: payload.validFor,
            validForMs: payload.validForMs,
            // Without a published version (a runtime without the template store), the built-in file of the type.
            ...(layout ? { template: layout.template, templateVersion: layout.version } : {}),
          });
          prepared.push({ ...one, role: holder.role });
        } catch (error) {
          // Missing required fields will not appear on a retry.
          throw new PermanentFailure(`Document ${payload.template} could not be issued: ${(error as Error).message}`);
        }
      }
      const { document } = prepared.find((p) => p.role === primary)!;
      const result = {
        outcome: "issued",
        data: {
          id: document.id, number: document.number, template: document.type, issuedAt: document.issuedAt, expiresAt: document.expiresAt, data: document.data, pdfSha256: document.pdfSha256, keyId: document.keyId,
          ...(step.holders ? { issued: prepared.map((p) => ({ role: p.role, id: p.document.id, number: p.document.number })) } : {}),
        },
      };
      return {
        result,
        before: async (tx) => {
          for (const { document, write } of prepared) {
            await write(tx);
            if (document.expiresAt) await deps.expiryJob(tx, job, app.id, document.id, new Date(document.expiresAt));
          }
        },
      };
    }
    const templates = deps.catalogTemplates?.();
    if (templates && !(payload.template in templates)) throw new PermanentFailure(`No document template "${payload.template}" is known (neither in the catalog nor with a layout)`);
    const now = deps.ctx.clock.now();
    // Calendar arithmetic (P12M is twelve months); older jobs carry milliseconds only.
    const expiresAt = payload.validFor ? addDuration(now, payload.validFor) : payload.validForMs ? new Date(now.getTime() + payload.validForMs) : null;
    const issued = holders.map((holder) => ({
      ...holder,
      id: newId(),
      // Derived from the job (and the holder's role; the applicant's as before holders existed), so a retried
      // issue could never mint a second number for the same step entry and holder.
      number: `${payload.template.slice(0, 3).toUpperCase()}-${now.getUTCFullYear()}-${createHash("sha256")
        .update(holder.role === APPLICANT_ROLE ? job.idempotencyKey : `${job.idempotencyKey}:${holder.role}`)
        .digest("hex")
        .slice(0, 10)
        .toUpperCase()}`,
    }));
    const main = issued.find((d) => d.role === primary)!;
    const document = {
      id: main.id,
      number: main.number,
      template: payload.template,
      issuedAt: now.toISOString(),
      expiresAt: expiresAt?.toISOString() ?? null,
      data: payload.data,
      ...(step.holders ? { issued: issued.map(({ role, id, number }) => ({ role, id, number })) } : {}),
    };
    return {
      result: { outcome: "issued", data: document },
      before: async (tx) => {
        for (const one of issued) {
          await tx.document.create({
            data: { id: one.id, number: one.number, template: document.template, applicationId: app.id, holderId: one.citizenId, data: JSON.stringify(document.data), issuedAt: now, expiresAt, status: "valid" },
          });
          if (expiresAt) await deps.expiryJob(tx, job, app.id, one.id, expiresAt);
        }
      },
    };
  },
  view: noView,
  timeline: { left: { text: "ev_document", when: "always" } },
  notice: {
    left: ["issued"],
    facts(step, ctx) {
      // With holders, the applicant's own document (a party's is theirs to find in their documents).
      const event = (ctx.event ?? {}) as { number?: string; issued?: { role: string; number: string }[] };
      const number = event.issued ? event.issued.find((d) => d.role === APPLICANT_ROLE)?.number : event.number;
      return { kind: "document", number, title: localize(step.title, ctx.lang, ctx.main) || undefined };
    },
  },
};

/**
 * The published template version a document is issued with: the job's, else the one the service version
 * pinned at publish. Service versions published before templates had versions carry no pins: they issue
 * with the newest version at issue time (as they did with the built-in files). A service version with pins
 * that does not pin this template had none published then (a catalog's template without a layout): data-only.
 */
async function publishedLayout(
  payload: DocumentPayload,
  version: LoadedVersion,
  store: RuntimeTemplates | undefined,
): Promise<{ template: DocumentTemplate; version: number } | undefined> {
  if (!store) return undefined;
  const pinned = payload.templateVersion ?? version.templates?.[payload.template];
  if (pinned === undefined && version.templates) return undefined;
  let published: Awaited<ReturnType<RuntimeTemplates["version"]>> | undefined;
  if (pinned !== undefined) {
    try {
      published = await store.version(payload.template, pinned);
    } catch (error) {
      // Published versions are never deleted: a pinned one missing is not fixed by a retry.
      throw new PermanentFailure(`Document ${payload.template}: ${(error as Error).message}`);
    }
  } else {
    published = await store.newestVersion(payload.template);
  }
  if (!published) return undefined;
  try {
    return { template: store.compiled(published), version: published.version };
  } catch (error) {
    throw new PermanentFailure(`Document template ${payload.template} version ${published.version} cannot be used: ${(error as Error).message}`);
  }
}

/** The citizen each holder role of the step stands for: the applicant, or the party's accepted citizen. */
async function holderIds(step: DocumentStep, app: { id: string; applicantId: string }, deps: ExecuteDeps): Promise<{ role: string; citizenId: string }[]> {
  const roles = documentHolders(step);
  const partyRoles = roles.filter((role) => role !== APPLICANT_ROLE);
  const rows = partyRoles.length
    ? await deps.ctx.database.prisma.applicationParty.findMany({ where: { applicationId: app.id, role: { in: partyRoles } }, select: { role: true, status: true, citizenId: true } })
    : [];
  return roles.map((role) => {
    if (role === APPLICANT_ROLE) return { role, citizenId: app.applicantId };
    const row = rows.find((r) => r.role === role);
    if (row?.status !== "accepted" || !row.citizenId) {
      throw new PermanentFailure(`The document goes to the "${role}" too, but no ${role} has accepted (${!row ? "none was invited" : row.status === "invited" ? "the invitation is unanswered" : `the invitation was ${row.status}`}): the service should not reach this step before`);
    }
    return { role, citizenId: row.citizenId };
  });
}
