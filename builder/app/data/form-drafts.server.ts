/** Answers typed into a form step but not sent yet ("save and return"), one row per application and step. */
import type { Database } from "../../../runtime";

type Db = Database["prisma"];
const MAX_BYTES = 64 * 1024;

export async function saveFormDraft(db: Db, applicantId: string, applicationId: string, step: string, answers: Record<string, unknown>): Promise<void> {
  const data = JSON.stringify(answers);
  if (Buffer.byteLength(data) > MAX_BYTES) throw new Response("The answers are too large.", { status: 413 });
  const key = { applicationId_step: { applicationId, step } };
  await db.formDraft.upsert({ where: key, create: { applicationId, step, applicantId, data, updatedAt: new Date() }, update: { data, updatedAt: new Date() } });
}

export async function loadFormDraft(db: Db, applicantId: string, applicationId: string, step: string): Promise<Record<string, unknown> | null> {
  const row = await db.formDraft.findUnique({ where: { applicationId_step: { applicationId, step } } });
  if (!row || row.applicantId !== applicantId) return null;
  return JSON.parse(row.data) as Record<string, unknown>;
}

export async function deleteFormDrafts(db: Db, applicationId: string, step?: string): Promise<void> {
  await db.formDraft.deleteMany({ where: { applicationId, ...(step ? { step } : {}) } });
}
