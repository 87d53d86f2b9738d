/** Answers typed into a form step but not sent yet ("save and return"), one row per application and step. */
import { viewsOf, type ViewSource } from "../../../runtime";

const MAX_BYTES = 64 * 1024;

export async function saveFormDraft(source: ViewSource, applicantId: string, applicationId: string, step: string, answers: Record<string, unknown>): Promise<void> {
  const data = JSON.stringify(answers);
  if (Buffer.byteLength(data) > MAX_BYTES) throw new Response("The answers are too large.", { status: 413 });
  await viewsOf(source).formDrafts.save(applicantId, applicationId, step, data);
}

export async function loadFormDraft(source: ViewSource, applicantId: string, applicationId: string, step: string): Promise<Record<string, unknown> | null> {
  const row = await viewsOf(source).formDrafts.find(applicationId, step);
  if (!row || row.applicantId !== applicantId) return null;
  return JSON.parse(row.data) as Record<string, unknown>;
}

export async function deleteFormDrafts(source: ViewSource, applicationId: string, step?: string): Promise<void> {
  await viewsOf(source).formDrafts.delete(applicationId, step);
}
