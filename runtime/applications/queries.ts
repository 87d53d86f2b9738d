import type { RuntimeContext } from "../context";
import { queryOn } from "../db/pg-direct";
import { dialect, SELECT_APPLICATION, toApplicationRecord, type ApplicationRecord } from "./writes";

/** One application row by id, read the cheapest way the database allows (no Prisma on the hot paths). */
export async function readApplication(ctx: RuntimeContext, id: string): Promise<ApplicationRecord | null> {
  const { sqlite, postgres, prisma } = ctx.database;
  let row: Record<string, unknown> | undefined;
  if (sqlite) row = sqlite.get<Record<string, unknown>>(SELECT_APPLICATION, [id]);
  else if (postgres) {
    const client = await postgres.pool.connect();
    try {
      row = (await queryOn(client, dialect(SELECT_APPLICATION, "postgresql"), [id])).row;
    } finally {
      client.release();
    }
  } else return prisma.application.findUnique({ where: { id } });
  return row ? toApplicationRecord(row) : null;
}

export interface ApplicationQuery {
  applicantId?: string;
  serviceId?: string;
  status?: string | string[];
  currentStep?: string;
  /** Only applications created before this moment (age). */
  createdBefore?: Date;
  createdAfter?: Date;
  take?: number;
  skip?: number;
}

export async function findApplications(ctx: RuntimeContext, query: ApplicationQuery) {
  return ctx.database.prisma.application.findMany({
    where: {
      applicantId: query.applicantId,
      serviceId: query.serviceId,
      status: Array.isArray(query.status) ? { in: query.status } : query.status,
      currentStep: query.currentStep,
      createdAt: query.createdBefore || query.createdAfter ? { lt: query.createdBefore, gte: query.createdAfter } : undefined,
    },
    orderBy: { createdAt: "desc" },
    take: Math.min(query.take ?? 50, 500),
    skip: query.skip,
    select: { id: true, serviceId: true, applicantId: true, currentStep: true, status: true, version: true, createdAt: true, updatedAt: true, finishedAt: true },
  });
}

export async function findOfficerTasks(ctx: RuntimeContext, query: { role?: string; roles?: string[]; status?: string; take?: number }) {
  return ctx.database.prisma.officerTask.findMany({
    where: { role: query.roles ? { in: query.roles } : query.role, status: query.status ?? "open" },
    orderBy: [{ due: "asc" }, { createdAt: "asc" }],
    take: Math.min(query.take ?? 50, 500),
  });
}

export async function documentsOf(ctx: RuntimeContext, holderId: string) {
  return ctx.database.prisma.document.findMany({ where: { holderId }, orderBy: { issuedAt: "desc" } });
}

export async function notificationsOf(ctx: RuntimeContext, applicantId: string) {
  return ctx.database.prisma.notification.findMany({ where: { applicantId }, orderBy: { createdAt: "desc" } });
}

export async function auditOf(ctx: RuntimeContext, applicationId: string) {
  return ctx.database.prisma.auditEvent.findMany({ where: { applicationId }, orderBy: { seq: "asc" } });
}
