/** The citizen's inbox (notification steps of their applications): newest first. Reading it changes nothing; marking read is its own POST. */
import type { Runtime } from "../../../runtime";
import type { CitizenUser } from "../auth/types";

export interface InboxEntry {
  id: string;
  applicationId: string;
  title: string | null;
  message: string;
  createdAt: string;
  unread: boolean;
}

export async function readMyInbox(runtime: Runtime, user: CitizenUser): Promise<InboxEntry[]> {
  const rows = await runtime.notifications(user.applicantId, { take: 100 });
  return rows.map((row) => ({ id: row.id, applicationId: row.applicationId, title: row.title, message: row.message, createdAt: row.createdAt.toISOString(), unread: !row.readAt }));
}

export async function markMyInboxRead(runtime: Runtime, user: CitizenUser): Promise<void> {
  await runtime.markAllNotificationsRead(user.applicantId);
}

export function unreadCount(runtime: Runtime, user: CitizenUser): Promise<number> {
  return runtime.unreadNotifications(user.applicantId);
}
