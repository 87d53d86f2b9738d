/**
 * Moving running applications to a newer version of their service: an explicit plan (a step mapping
 * and a data transform), validated against both versions before anything runs, each move recorded in the audit.
 */
import { compileExpression, evaluate, isExpressionError } from "../../engine";
import { snapshotAt } from "../applications/machine-step";
import { planTransition } from "../applications/transition";
import { closeOpenTasks, discardPendingJobs } from "../applications/writes";
import type { RuntimeContext } from "../context";
import { RuntimeError } from "../errors";

export interface MigrationPlan {
  serviceId: string;
  fromVersion: number;
  toVersion: number;
  /** Old step id → new step id; steps not listed keep their id, which must exist in the new version. */
  steps?: Record<string, string>;
  /** A CEL expression over the data giving a map merged into it, e.g. `{"contacts": {"phone": person.phone}}`. */
  transform?: string;
}

export interface MigrationCheck {
  ok: boolean;
  problems: string[];
  /** How many running applications would move, by their current step. */
  applications: Record<string, number>;
}

export async function planMigration(ctx: RuntimeContext, plan: MigrationPlan): Promise<MigrationCheck> {
  const problems: string[] = [];
  if (plan.toVersion <= plan.fromVersion) problems.push("Applications move to a newer version only");
  const from = await ctx.versions.byNumber(plan.serviceId, plan.fromVersion);
  const to = await ctx.versions.byNumber(plan.serviceId, plan.toVersion);
  for (const [old, target] of Object.entries(plan.steps ?? {})) {
    if (!(old in from.compiled.definition.steps)) problems.push(`Version ${plan.fromVersion} has no step "${old}"`);
    if (!(target in to.compiled.definition.steps)) problems.push(`Version ${plan.toVersion} has no step "${target}"`);
  }
  if (plan.transform) {
    const compiled = compileExpression(plan.transform);
    if (isExpressionError(compiled)) problems.push(`The transform does not parse: ${compiled.message}`);
  }
  const running = await ctx.database.prisma.application.groupBy({
    by: ["currentStep"],
    where: { serviceVersionId: from.id, status: { in: ["draft", "processing"] } },
    _count: { _all: true },
  });
  const applications: Record<string, number> = {};
  for (const row of running) {
    applications[row.currentStep] = row._count._all;
    const target = plan.steps?.[row.currentStep] ?? row.currentStep;
    if (!(target in to.compiled.definition.steps)) {
      problems.push(`${row._count._all} application(s) are at "${row.currentStep}", which version ${plan.toVersion} lacks: map it to a step`);
    } else if (to.compiled.definition.steps[target].kind === "decision") {
      problems.push(`"${target}" is a decision: map "${row.currentStep}" to a step where an application can wait`);
    }
  }
  return { ok: problems.length === 0, problems, applications };
}

export async function migrateApplications(ctx: RuntimeContext, plan: MigrationPlan, by: string): Promise<{ moved: number; failed: { id: string; error: string }[] }> {
  const check = await planMigration(ctx, plan);
  if (!check.ok) throw new RuntimeError("invalid_migration", `The migration is not valid: ${check.problems.join("; ")}`, { problems: check.problems });
  const from = await ctx.versions.byNumber(plan.serviceId, plan.fromVersion);
  const to = await ctx.versions.byNumber(plan.serviceId, plan.toVersion);
  const ids = await ctx.database.prisma.application.findMany({ where: { serviceVersionId: from.id, status: { in: ["draft", "processing"] } }, select: { id: true } });
  let moved = 0;
  const failed: { id: string; error: string }[] = [];
  for (const { id } of ids) {
    try {
      await ctx.transitions.change(
        id,
        {},
        () => {},
        (app) => {
          if (app.serviceVersionId !== from.id || !["draft", "processing"].includes(app.status)) return undefined;
          const data = JSON.parse(app.data) as Record<string, unknown>;
          const extra = plan.transform ? evaluate(plan.transform, data) : {};
          if (extra === null || typeof extra !== "object" || Array.isArray(extra)) throw new Error("The transform must give a map");
          const step = plan.steps?.[app.currentStep] ?? app.currentStep;
          const snapshot = snapshotAt(to.machine, step, { ...data, ...(extra as Record<string, unknown>) });
          const change = planTransition(ctx.clock, app, to, snapshot, {
            actor: by,
            event: { type: "outcome.migrated" },
            detail: { migration: { fromVersion: plan.fromVersion, toVersion: plan.toVersion, fromStep: app.currentStep, toStep: step, transform: plan.transform ?? null } },
          }, ctx.transitions.emailNotices);
          // Every pending job and open task of the old version is void; the new step's are created.
          change.statements.unshift(discardPendingJobs(id, ctx.clock.now()), closeOpenTasks(id));
          return change;
        },
      );
      moved++;
    } catch (error) {
      failed.push({ id, error: (error as Error).message });
    }
  }
  ctx.transitions.notifyJobs();
  return { moved, failed };
}
